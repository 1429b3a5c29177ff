// The report writers: result_to_json against the appraisal result, the terminal table (screening
// reasons, lock status, weight set), CSV and Markdown.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "adva/analysis/appraise.hpp"
#include "adva/error.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/report.hpp"

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
    CHECK(contains(t, "Dominance"));
    // Ranked in order: the first ranked option's name comes before the second's in the short list.
    const auto list = t.find("Short list ranked");
    REQUIRE(list != std::string::npos);
    const std::string first = m.options[*m.option_index(r.ranking[0].option)].name;
    const std::string second = m.options[*m.option_index(r.ranking[1].option)].name;
    CHECK(t.find(first, list) < t.find(second, list));
}

TEST_CASE("the table report shows unlocked and modified-after-lock states", "[report][table]") {
    adva::appraisal m = adva::io::default_model();
    m.context.title += " (edited)";  // framing changed after the lock
    const std::string modified = adva::io::table_report(m, adva::appraise(m));
    CHECK(contains(modified, "MODIFIED AFTER LOCK"));

    adva::reopen(m, "title corrected", "Tester", "2026-03-01T00:00:00Z");
    const adva::appraisal_result r = adva::appraise(m);
    const std::string reopened = adva::io::table_report(m, r);
    CHECK(contains(reopened, "lock status                     unlocked"));
    CHECK(contains(reopened, "weights revised after scoring   1"));
    CHECK(adva::io::lock_status_text(r.governance) == "unlocked");
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
    CHECK(contains(md, "## Screening\n\n| Option | Name | Result | Reasons |"));
    CHECK(contains(md, "## Short list"));
    CHECK(contains(md, "## Value for money"));
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
