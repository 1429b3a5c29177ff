// The report writers: result_to_json against the appraisal result, the terminal table (screening
// reasons, lock status, weight set), CSV and Markdown, and the decision record (state, digest,
// verify command, audit trail, score rationales) in each of them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/switching_values.hpp"
#include "adva/error.hpp"
#include "adva/io/decision_report.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/report.hpp"
#include "adva/io/trajectory_report.hpp"
#include "adva/model/governance.hpp"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t row_of(const adva::appraisal_result& r, const std::string& id) {
    return std::size_t(std::find(r.option_ids.begin(), r.option_ids.end(), id) - r.option_ids.begin());
}

}  // namespace

TEST_CASE("result_to_json has the documented keys and the result's numbers", "[report][json]") {
    const adva::appraisal m = adva::io::default_model();
    const adva::appraisal_result r = adva::appraise(m);
    const nlohmann::json j = adva::io::result_to_json(m, r);

    for (const char* key : {"adva_result", "illustrative", "context", "governance", "warnings", "weights", "screening", "ranking",
                            "options", "dominance", "value_for_money"})
        CHECK(j.contains(key));
    CHECK_FALSE(j.contains("by_group"));  // only with extras
    CHECK(j["adva_result"] == 1);
    CHECK(j["illustrative"] == true);
    CHECK(j["context"]["title"] == m.context.title);
    CHECK(j["governance"]["state"] == "locked");
    CHECK(j["governance"]["digest_matches"] == true);
    CHECK(j["governance"]["weights_revised_after_scoring"] == 0);
    // The decision record as the result checked it: the example was locked, then scored through
    // the record (one score entry); nothing was found wrong.
    const adva::governance_status& g = r.governance;
    CHECK(j["governance"]["reopened"] == false);
    CHECK(j["governance"]["revisions"] == 0);
    CHECK(j["governance"]["current_digest"] == adva::framing_digest(m));
    CHECK(j["governance"]["record_head"] == adva::entry_hash(m.governance.audit.back()));
    CHECK(j["governance"]["score_changes_recorded"] == g.score_changes_recorded);
    CHECK(g.score_changes_recorded > 0);
    CHECK(j["governance"]["scored_before_lock"] == false);
    CHECK(j["governance"]["findings"] == nlohmann::json::array());
    CHECK(j["governance"]["imputations"] == g.imputations);
    CHECK(j["governance"]["verify_command"] == "adva verify MODEL --digest " + adva::framing_digest(m));
    REQUIRE(j["governance"]["audit"].size() == m.governance.audit.size());
    for (std::size_t k = 0; k < m.governance.audit.size(); ++k) {
        const auto& e = m.governance.audit[k];
        const auto& je = j["governance"]["audit"][k];
        CHECK(je["action"] == e.action);
        CHECK(je["at"] == e.at);
        CHECK(je["by"] == e.by);
        CHECK(je["reason"] == e.reason);
        if (e.action == "score") CHECK(je["changes"] == e.changes.size());
        else CHECK_FALSE(je.contains("changes"));
    }
    CHECK(j["weights"]["name"] == "consensus");

    REQUIRE(j["ranking"].size() == r.ranking.size());
    for (std::size_t i = 0; i < r.ranking.size(); ++i) {
        CHECK(j["ranking"][i]["option"] == r.ranking[i].option);
        CHECK(j["ranking"][i]["rank"] == r.ranking[i].rank);
        CHECK(j["ranking"][i]["total"].get<double>() == r.ranking[i].total);
    }
    REQUIRE(j["options"].size() == r.option_ids.size());
    for (std::size_t o = 0; o < r.option_ids.size(); ++o) {
        const auto& jo = j["options"][o];
        CHECK(jo["id"] == r.option_ids[o]);
        CHECK(jo["total"].get<double>() == Approx(r.totals[Eigen::Index(o)]));
        CHECK(jo["values"].size() == r.criterion_ids.size());
        double sum = 0.0;
        for (std::size_t l = 0; l < r.leaf_indices.size(); ++l) {
            const std::string& leaf = r.criterion_ids[r.leaf_indices[l]];
            CHECK(jo["contributions"][leaf].get<double>() == r.contributions(Eigen::Index(o), Eigen::Index(l)));
            sum += jo["contributions"][leaf].get<double>();
        }
        CHECK(sum == Approx(jo["total"].get<double>()));
    }
    REQUIRE(j["screening"].size() == r.screening.size());
    for (std::size_t s = 0; s < r.screening.size(); ++s) {
        CHECK(j["screening"][s]["shortlisted"] == r.screening[s].shortlisted);
        CHECK(j["screening"][s]["reason"] == r.screening[s].reason);
        REQUIRE(j["screening"][s]["gates"].size() == r.screening[s].gates.size());
        for (std::size_t g = 0; g < r.screening[s].gates.size(); ++g)
            CHECK(j["screening"][s]["gates"][g]["reason"] == r.screening[s].gates[g].reason);
    }
    REQUIRE(j["value_for_money"].size() == r.value_for_money.size());
    for (std::size_t v = 0; v < r.value_for_money.size(); ++v) {
        CHECK(j["value_for_money"][v]["npv_cost"].get<double>() == r.value_for_money[v].npv_cost);
        CHECK(j["value_for_money"][v]["on_frontier"] == r.value_for_money[v].on_frontier);
    }
    for (std::size_t c = 0; c < r.criterion_ids.size(); ++c)
        CHECK(j["weights"]["criteria"][c]["global"].get<double>() == r.weights.global[c]);
}

TEST_CASE("result_to_json writes undefined and infinite numbers as null", "[report][json]") {
    adva::appraisal m = adva::io::default_model();
    // O8 (commissioned) is discounted; without one score its values under that branch are undefined.
    auto& o8 = m.options[*m.option_index("O8")];
    o8.scores.erase("SF_practice");
    // O3 without costs: benefit per cost is infinite.
    m.options[*m.option_index("O3")].costs = {{"Nothing", adva::cost_kind::one_off, 0.0, 0, -1}};
    const adva::appraisal_result r = adva::appraise(m);
    REQUIRE(std::isnan(r.values(Eigen::Index(row_of(r, "O8")), Eigen::Index(*m.criterion_index("SF_practice")))));
    const nlohmann::json j = adva::io::result_to_json(m, r);
    CHECK(j["options"][row_of(r, "O8")]["values"]["SF_practice"].is_null());
    for (const auto& v : j["value_for_money"])
        if (v["option"] == "O3") {
            CHECK(v["benefit_per_cost"].is_null());
            CHECK(v["benefit_per_cost_infinite"] == true);
        }
    CHECK_NOTHROW(j.dump());
}

TEST_CASE("result_to_json shows each group's leading option when given the group results", "[report][json]") {
    const adva::appraisal m = adva::io::default_model();
    adva::io::report_extras extras;
    for (const auto& w : adva::group_weights(m)) extras.by_group.push_back(adva::appraise(m, {w.name}));
    const nlohmann::json j = adva::io::result_to_json(m, adva::appraise(m), extras);
    REQUIRE(j["by_group"]["groups"].size() == extras.by_group.size());
    bool disagree = false;
    for (std::size_t g = 0; g < extras.by_group.size(); ++g) {
        CHECK(j["by_group"]["groups"][g]["group"] == extras.by_group[g].weights_name);
        CHECK(j["by_group"]["groups"][g]["leading"][0] == extras.by_group[g].ranking.front().option);
        disagree = disagree || extras.by_group[g].ranking.front().option != extras.by_group[0].ranking.front().option;
    }
    CHECK(j["by_group"]["disagree"] == disagree);
}

TEST_CASE("the table report shows the notice, lock status, screening reasons and ranking", "[report][table]") {
    const adva::appraisal m = adva::io::default_model();
    const adva::appraisal_result r = adva::appraise(m);
    const std::string t = adva::io::table_report(m, r);
    CHECK(contains(t, m.context.title.substr(0, 40)));
    CHECK(contains(t, "ILLUSTRATIVE MODEL"));
    CHECK(contains(t, "lock status                     locked, digest verified"));
    CHECK(contains(t, "weights revised after scoring   0"));
    CHECK(contains(t, "weight set                      consensus (arithmetic mean"));
    for (const auto& s : r.screening)
        for (const auto& g : s.gates)
            if (g.status != adva::gate_status::pass) CHECK(contains(t, g.gate + " " + m.gates[*m.gate_index(g.gate)].name));
    // The reason text of the first failing gate appears (wrapped lines joined by spaces).
    std::string flat;
    for (char c : t) flat += (c == '\n' ? ' ' : c);
    std::string squeezed;
    for (char c : flat)
        if (!(c == ' ' && !squeezed.empty() && squeezed.back() == ' ')) squeezed += c;
    for (const auto& s : r.screening)
        for (const auto& g : s.gates)
            if (g.status != adva::gate_status::pass) CHECK(contains(squeezed, g.reason));
    CHECK(contains(t, "benchmark, flagged (business as usual)"));
    CHECK(contains(t, "discounted"));
    CHECK(contains(t, "main contributions:"));
    CHECK(contains(t, "Value for money"));
    // Each option's frontier switching value, as switching_values() gives it.
    CHECK(contains(squeezed, "switching values, the NPC change at which an option leaves or joins the frontier: "));
    for (const auto& v : adva::switching_values(r.value_for_money)) {
        char amount[32];
        std::snprintf(amount, sizeof amount, "£%.1fm", std::fabs(v.frontier.change) / 1e6);
        const std::string at = !v.frontier.exists() ? "never leaves" : std::string(v.on_frontier ? "leaves at +" : "joins at -") + amount;
        CHECK(contains(squeezed, v.option + " " + at));
    }
    CHECK(contains(t, "Dominance"));
    // Ranked in order: the first ranked option's name comes before the second's in the short list.
    const auto list = t.find("Short list ranked");
    REQUIRE(list != std::string::npos);
    const std::string first = m.options[*m.option_index(r.ranking[0].option)].name;
    const std::string second = m.options[*m.option_index(r.ranking[1].option)].name;
    CHECK(t.find(first, list) < t.find(second, list));
}

TEST_CASE("the table report shows modified-after-lock and reopened states", "[report][table]") {
    adva::appraisal m = adva::io::default_model();
    const std::string title = m.context.title;
    m.context.title += " (edited)";  // framing changed after the lock
    const std::string modified = adva::io::table_report(m, adva::appraise(m));
    CHECK(contains(modified, "MODIFIED AFTER LOCK"));
    CHECK(contains(modified, "locked digest                   " + m.governance.framing_digest));
    CHECK_FALSE(contains(modified, "adva verify MODEL"));  // a file that does not verify gets no verify line

    // A change made while locked is undone before the framing is reopened to make it lawfully.
    m.context.title = title;
    adva::reopen(m, "title corrected", "Tester", "2026-04-01T00:00:00Z");
    const adva::appraisal_result r = adva::appraise(m);
    const std::string reopened = adva::io::table_report(m, r);
    CHECK(contains(reopened, "lock status                     reopened (title corrected), not locked again"));
    CHECK(contains(reopened, "weights revised after scoring   1"));
    CHECK(contains(reopened, "revisions                       1 reopening\n"));
    CHECK_FALSE(contains(reopened, "adva verify MODEL"));
    CHECK(adva::io::lock_status_text(r.governance) == "reopened (title corrected), not locked again");
}

namespace {

/// Whitespace runs squeezed to one space: text wrapped over lines reads as one line.
std::string squeezed(const std::string& text) {
    std::string out;
    for (char c : text) {
        const char d = (c == '\n' ? ' ' : c);
        if (!(d == ' ' && !out.empty() && out.back() == ' ')) out += d;
    }
    return out;
}

/// The example locked before scoring, scored through the record, reopened because cabinet asked
/// for a change and locked again.
adva::appraisal relocked_model() {
    adva::appraisal m = adva::io::default_model();
    adva::reopen(m, "Cabinet asked for a new criterion", adva::record_request{.by = "Cabinet", .at = "2026-04-01T09:00:00Z"});
    adva::lock(m, adva::record_request{.by = "Options board", .at = "2026-04-02T09:00:00Z"});
    return m;
}

}  // namespace

TEST_CASE("after a lawful reopen and a new lock, the reports show the reason and do not claim scoring before lock",
          "[report][table][markdown][json]") {
    const adva::appraisal m = relocked_model();
    const adva::appraisal_result r = adva::appraise(m);
    REQUIRE(r.governance.state() == "locked");
    REQUIRE(r.governance.revisions == 1);
    REQUIRE_FALSE(r.governance.scored_before_lock);  // the first lock came before any score
    const std::string digest = adva::framing_digest(m);

    const std::string t = adva::io::table_report(m, r);
    const std::string flat = squeezed(t);
    CHECK(contains(t, "lock status                     locked, digest verified"));
    CHECK(contains(t, "framing digest                  " + digest));
    CHECK(contains(t, "\n    adva verify MODEL --digest " + digest + "\n"));
    CHECK(contains(t, "revisions                       1 reopening\n"));
    CHECK(contains(t, "weights revised after scoring   1\n"));
    CHECK(contains(t, "scored before lock              no\n"));
    CHECK_FALSE(contains(t, "scored before lock              yes"));
    CHECK(contains(t, "Audit trail (4 entries)"));
    // One line per entry, in order: lock, score, reopen (with its reason), lock.
    const auto lock1 = t.find("2026-02-02T10:00:00Z lock    ");
    const auto score = t.find("2026-03-02T14:00:00Z score   ");
    const auto reopen = t.find("2026-04-01T09:00:00Z reopen  Cabinet: Cabinet asked for a new criterion");
    const auto lock2 = t.find("2026-04-02T09:00:00Z lock    Options board");
    REQUIRE(lock1 != std::string::npos);
    REQUIRE(score != std::string::npos);
    REQUIRE(reopen != std::string::npos);
    REQUIRE(lock2 != std::string::npos);
    CHECK(lock1 < score);
    CHECK(score < reopen);
    CHECK(reopen < lock2);
    // The score entry names its first changes, old → new, and counts the rest.
    const auto& changes = m.governance.audit[1].changes;
    REQUIRE(changes.size() > 3);
    REQUIRE_FALSE(changes[0].before);
    CHECK(contains(flat, std::to_string(changes.size()) + " scores changed: " + changes[0].option + "/" +
                             changes[0].criterion + " none \u2192 "));
    CHECK(contains(flat, "… (" + std::to_string(changes.size() - 3) + " more)"));
    for (const auto& note : r.governance.imputations) CHECK(contains(flat, note));

    const std::string md = adva::io::markdown_report(m, r);
    CHECK(contains(md, "- Scored before lock: no\n"));
    CHECK(contains(md, "## Decision record\n\n- State: **locked**\n- Framing digest: `" + digest + "`\n"));
    CHECK(contains(md, "`adva verify MODEL --digest " + digest + "`"));
    CHECK(contains(md, "- Revisions (reopenings): 1\n"));
    CHECK(contains(md, "| Time | Action | By | Reason |\n|---|---|---|---|\n"));
    CHECK(contains(md, "| 2026-04-01T09:00:00Z | reopen | Cabinet | Cabinet asked for a new criterion |\n"));
    CHECK(contains(md, "| 2026-04-02T09:00:00Z | lock | Options board |  |\n"));

    const nlohmann::json j = adva::io::result_to_json(m, r);
    CHECK(j["governance"]["state"] == "locked");
    CHECK(j["governance"]["revisions"] == 1);
    CHECK(j["governance"]["weights_revised_after_scoring"] == 1);
    CHECK(j["governance"]["scored_before_lock"] == false);
    REQUIRE(j["governance"]["audit"].size() == 4);
    CHECK(j["governance"]["audit"][2] == nlohmann::json{{"action", "reopen"}, {"at", "2026-04-01T09:00:00Z"},
                                                        {"by", "Cabinet"}, {"reason", "Cabinet asked for a new criterion"}});
}

TEST_CASE("options scored before the first lock are reported as such", "[report][table][markdown]") {
    adva::appraisal m = adva::io::default_model();
    m.governance = {};
    adva::lock(m, adva::record_request{.by = "Options board", .at = "2026-04-02T09:00:00Z"});
    const adva::appraisal_result r = adva::appraise(m);
    REQUIRE(r.governance.scored_before_lock);
    CHECK(contains(adva::io::table_report(m, r),
                   "scored before lock              yes: options were scored while the framing was unlocked\n"));
    CHECK(contains(adva::io::markdown_report(m, r), "- Scored before lock: yes"));
    CHECK(adva::io::result_to_json(m, r)["governance"]["scored_before_lock"] == true);
}

TEST_CASE("a framing edited after lock: every format says so, with the findings", "[report][json][csv]") {
    adva::appraisal m = adva::io::default_model();
    m.context.discount_rate = 0.05;
    const adva::appraisal_result r = adva::appraise(m);
    REQUIRE(r.governance.state() == "modified after lock");

    const nlohmann::json j = adva::io::result_to_json(m, r);
    CHECK(j["governance"]["state"] == "modified after lock");
    CHECK_FALSE(j["governance"].contains("verify_command"));
    CHECK(j["governance"]["recorded_digest"] == m.governance.framing_digest);
    CHECK(j["governance"]["current_digest"] == adva::framing_digest(m));
    bool named = false;
    for (const auto& f : j["governance"]["findings"])
        if (f["kind"] == "framing_changed" && f["where"] == "context/discount_rate") {
            named = true;
            CHECK(f["severity"] == "failure");
            CHECK(contains(f["message"].get<std::string>(), "0.035"));
        }
    CHECK(named);

    // Every CSV row carries the record's state and digests at its end.
    const std::string csv = adva::io::csv_report(m, r);
    std::istringstream lines(csv);
    std::string header, line;
    std::getline(lines, header);
    CHECK(contains(header, ",value_ACH_staff,governance_state,framing_digest,recorded_digest,revisions,"
                           "weights_revised_after_scoring,scored_before_lock\r"));
    const std::string tail =
        ",modified after lock," + adva::framing_digest(m) + "," + m.governance.framing_digest + ",0,0,false\r";
    std::size_t rows = 0;
    while (std::getline(lines, line)) {
        ++rows;
        CHECK(line.size() > tail.size());
        CHECK(line.compare(line.size() - tail.size(), tail.size(), tail) == 0);
    }
    CHECK(rows == m.options.size());
}

TEST_CASE("score_changes_text names the first changes old → new and counts the rest", "[report]") {
    adva::audit_entry e;
    CHECK(adva::io::score_changes_text(e).empty());
    e.changes.push_back({"O1", "C3", adva::score{.value = 40.0}, adva::score{.value = 55.0}});
    CHECK(adva::io::score_changes_text(e) == "1 score changed: O1/C3 40 \u2192 55");
    e.changes.push_back({"O2", "C3", std::nullopt, adva::score{.kind = adva::uncertainty::range, .low = 10.0, .high = 20.0}});
    e.changes.push_back({"O3", "C1", adva::score{.value = 1.5}, adva::score{.kind = adva::uncertainty::pert, .value = 30.0,
                                                                             .low = 20.0, .high = 40.0}});
    e.changes.push_back({"O4", "C1", adva::score{.value = 2.0}, adva::score{.value = 3.0}});
    CHECK(adva::io::score_changes_text(e, 3) ==
          "4 scores changed: O1/C3 40 \u2192 55, O2/C3 none \u2192 10–20, "
          "O3/C1 1.5 \u2192 20–40, mode 30 (PERT), … (1 more)");
}

TEST_CASE("the table report names the group whose weights it used", "[report][table]") {
    const adva::appraisal m = adva::io::default_model();
    const std::string t = adva::io::table_report(m, adva::appraise(m, {"members"}));
    CHECK(contains(t, "stakeholder group Elected members (members)"));
    CHECK(contains(t, "members weights"));
}

TEST_CASE("the CSV report has a header and one row per option", "[report][csv]") {
    adva::appraisal m = adva::io::default_model();
    m.options[0].name = "In-house, \"as now\"";  // needs quoting
    const adva::appraisal_result r = adva::appraise(m);
    const std::string csv = adva::io::csv_report(m, r);
    std::istringstream lines(csv);
    std::string header, line;
    std::getline(lines, header);
    CHECK(header.rfind("option,name,vehicle,screening,benchmark,flagged,rank,tied,total,npv_cost", 0) == 0);
    CHECK(contains(header, "value_SF_practice"));
    std::size_t rows = 0;
    while (std::getline(lines, line))
        if (!line.empty() && line != "\r") ++rows;
    CHECK(rows == m.options.size());
    CHECK(contains(csv, "O1,\"In-house, \"\"as now\"\"\",in_house,shortlisted,true,true,"));
    CHECK(contains(csv, "O8,"));
    CHECK(contains(csv, ",discounted,"));
}

TEST_CASE("the Markdown report has the sections as tables", "[report][markdown]") {
    const adva::appraisal m = adva::io::default_model();
    const std::string md = adva::io::markdown_report(m, adva::appraise(m));
    CHECK(md.rfind("# ", 0) == 0);
    CHECK(contains(md, "> **Illustrative model:**"));
    CHECK(contains(md, "Lock status: **locked, digest verified**"));
    CHECK(contains(md, "## Long list to short list\n\n| Option | Name | Result | Reasons |"));
    CHECK(contains(md, "## Ranking and contributions"));
    CHECK(contains(md, "## Value for money"));
    CHECK(contains(md, "## Decision record"));
}

TEST_CASE("the Markdown report lists each short-listed option's scores with their rationales", "[report][markdown]") {
    adva::appraisal m = adva::io::default_model();
    auto& o3 = m.options[*m.option_index("O3")];
    const std::string kept = o3.scores.at("SF_practice").rationale;
    REQUIRE_FALSE(kept.empty());
    o3.scores.at("AFF_budget").rationale.clear();  // left out: no rationale to show
    const adva::appraisal_result r = adva::appraise(m);
    const std::string md = adva::io::markdown_report(m, r);
    const auto section = md.find("## Scores and rationales\n");
    REQUIRE(section != std::string::npos);
    const auto o3_heading = md.find("### O3 ", section);
    REQUIRE(o3_heading != std::string::npos);
    const auto next = md.find("### ", o3_heading + 1);
    const std::string o3_part = md.substr(o3_heading, next - o3_heading);
    CHECK(contains(o3_part, "| SF\\_practice | Practice quality and safeguarding | 65 | " + kept + " |\n"));
    CHECK_FALSE(contains(o3_part, "AFF\\_budget"));
    // Every short-listed option has a heading; a discounted one has none.
    for (const auto& ro : r.ranking) CHECK(contains(md.substr(section), "### " + ro.option + " "));
    for (const auto& s : r.screening)
        if (!s.shortlisted) CHECK_FALSE(contains(md.substr(section), "### " + s.option + " "));

    for (auto& o : m.options)
        for (auto& [criterion, score] : o.scores) score.rationale.clear();
    const std::string none = adva::io::markdown_report(m, adva::appraise(m));
    CHECK(contains(none, "## Scores and rationales\n\nNo score of a short-listed option has a rationale.\n"));
}

TEST_CASE("report formats parse by name; others are invalid input", "[report]") {
    CHECK(adva::io::parse_report_format("table") == adva::io::report_format::table);
    CHECK(adva::io::parse_report_format("json") == adva::io::report_format::json);
    CHECK(adva::io::parse_report_format("csv") == adva::io::report_format::csv);
    CHECK(adva::io::parse_report_format("markdown") == adva::io::report_format::markdown);
    REQUIRE_THROWS_MATCHES(adva::io::parse_report_format("xml"), adva::invalid_input,
                           Catch::Matchers::Message("[adva.report.format] --format: the format must be table, json, csv or "
                                                    "markdown (seen: \"xml\")"));
    const adva::appraisal m = adva::io::default_model();
    const std::string json = adva::io::render_report(m, adva::appraise(m), adva::io::report_format::json);
    CHECK(nlohmann::json::parse(json)["adva_result"] == 1);
}

TEST_CASE("result_to_json carries improvement over time only when the model has an improvement section", "[report][json][trajectory]") {
    adva::appraisal m = adva::io::default_model();
    REQUIRE(m.improvement);
    const adva::appraisal_result r = adva::appraise(m);
    CHECK_FALSE(adva::io::result_to_json(m, r).contains("improvement_over_time"));  // only with extras

    adva::io::report_extras extras;
    extras.improvement_over_time = adva::io::improvement_over_time_json(m);
    const nlohmann::json j = adva::io::result_to_json(m, r, extras);
    REQUIRE(j.contains("improvement_over_time"));
    const nlohmann::json& t = j["improvement_over_time"];
    // The document adva trajectory writes, with the decision report's samples and fixed seed.
    const adva::io::decision_report_options defaults;
    const auto measures = adva::io::report_trajectories(m, defaults);
    REQUIRE(measures);
    CHECK(t == adva::io::trajectories_to_json(m, *measures, adva::io::report_trajectory_options(defaults)));
    CHECK(t["adva_trajectories"] == 1);
    CHECK(t["conventions"]["samples"] == 10000);
    CHECK(t["conventions"]["seed"] == 1);
    CHECK(t["conventions"]["target"]["grade"] == "requires_improvement");
    REQUIRE(t["options"].size() == m.options.size());
    for (std::size_t i = 0; i < m.options.size(); ++i) {
        CHECK(t["options"][i]["option"] == m.options[i].id);
        CHECK(t["options"][i]["at_target"]["value"].get<double>() == (*measures)[i].at_target.value);
    }
    CHECK(adva::io::improvement_over_time_json(m) == t);  // a fixed seed: the same numbers every time

    // Without the section, nothing: no member, not an empty one (the minimal example has none).
    m = adva::io::load_model(ADVA_SOURCE_DIR "/examples/minimal.json");
    m.improvement.reset();
    extras.improvement_over_time = adva::io::improvement_over_time_json(m);
    CHECK(extras.improvement_over_time.is_null());
    CHECK_FALSE(adva::io::result_to_json(m, adva::appraise(m), extras).contains("improvement_over_time"));
    CHECK_FALSE(adva::io::report_trajectories(m));
}

TEST_CASE("the decision report's trajectory samples are checked, and name the report's option", "[report][trajectory]") {
    const adva::appraisal m = adva::io::default_model();
    adva::io::decision_report_options o;
    o.trajectory_samples = 0;
    try {
        (void)adva::io::report_trajectories(m, o);
        FAIL("no error");
    } catch (const adva::limit_exceeded& e) {
        CHECK(e.id() == "adva.trajectory.samples");
        CHECK(e.where() == "trajectory_samples");
    }
}
