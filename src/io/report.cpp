// Report writers: JSON (schema/result.schema.json), terminal table, CSV and Markdown.
#include "adva/io/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "adva/error.hpp"
#include "adva/io/decision_report.hpp"
#include "adva/io/trajectory_report.hpp"
#include "json_names.hpp"
#include "report_text.hpp"

namespace adva::io {

namespace {
using nlohmann::json;
using namespace report_text;
}  // namespace

// --- formats -----------------------------------------------------------------------------------

report_format parse_report_format(std::string_view name) {
    if (name == "table") return report_format::table;
    if (name == "json") return report_format::json;
    if (name == "csv") return report_format::csv;
    if (name == "markdown") return report_format::markdown;
    throw invalid_input("adva.report.format", "--format", "the format must be table, json, csv or markdown",
                        "\"" + std::string(name) + "\"");
}

const char* to_string(report_format format) noexcept {
    switch (format) {
        case report_format::table: return "table";
        case report_format::json: return "json";
        case report_format::csv: return "csv";
        case report_format::markdown: return "markdown";
    }
    return "table";
}

std::string lock_status_text(const governance_status& status) {
    const std::string state = status.state();
    if (state == "unlocked") return "unlocked (the framing has never been locked)";
    if (state == "reopened") return "reopened (" + status.reopen_reason + "), not locked again";
    if (state == "modified after lock") return "MODIFIED AFTER LOCK (the framing differs from its recorded digest)";
    if (state == "record broken") return "RECORD BROKEN (the audit record does not verify: see the warnings)";
    return "locked, digest verified";
}

std::string verify_command(const std::string& digest, const std::string& model_path) {
    return "adva verify " + model_path + " --digest " + digest;
}

nlohmann::json findings_to_json(const std::vector<integrity_finding>& findings) {
    json out = json::array();
    for (const auto& f : findings)
        out.push_back({{"kind", f.kind}, {"where", f.where}, {"message", f.message},
                       {"severity", f.failure ? "failure" : "warning"}});
    return out;
}

std::string score_description(const score& s) { return score_text(s); }

std::string score_changes_text(const audit_entry& entry, std::size_t shown) {
    const auto& changes = entry.changes;
    if (changes.empty()) return {};
    std::string text = std::to_string(changes.size()) + (changes.size() == 1 ? " score changed: " : " scores changed: ");
    for (std::size_t i = 0; i < changes.size() && i < shown; ++i) {
        const auto& c = changes[i];
        text += (i ? ", " : "") + c.option + "/" + c.criterion + " " +
                (c.before ? score_text(*c.before) : std::string("none")) + " \u2192 " + score_text(c.after);
    }
    if (changes.size() > shown) text += ", … (" + std::to_string(changes.size() - shown) + " more)";
    return text;
}

// --- JSON --------------------------------------------------------------------------------------

nlohmann::json improvement_over_time_json(const appraisal& model) {
    const decision_report_options options;
    const auto trajectories = report_trajectories(model, options);
    if (!trajectories) return nullptr;
    return trajectories_to_json(model, *trajectories, report_trajectory_options(options));
}

nlohmann::json result_to_json(const appraisal& model, const appraisal_result& r, const report_extras& extras) {
    json doc;
    doc["adva_result"] = result_format_version;
    doc["illustrative"] = model.illustrative;
    doc["context"] = {{"title", model.context.title},
                      {"organisation", model.context.organisation},
                      {"service", model.context.service},
                      {"trigger", model.context.trigger},
                      {"base_year", model.context.base_year},
                      {"horizon_years", model.context.horizon_years},
                      {"discount_rate", model.context.discount_rate},
                      {"discount_schedule", model.context.discount_schedule == discounting::green_book_declining
                                                ? "green_book_declining" : "constant"},
                      {"currency", model.context.currency}};

    const governance_status& g = r.governance;
    json audit = json::array();
    for (const auto& e : model.governance.audit) {
        json entry = {{"action", e.action}, {"at", e.at}, {"by", e.by}, {"reason", e.reason}};
        if (e.action == "score") entry["changes"] = e.changes.size();
        audit.push_back(std::move(entry));
    }
    doc["governance"] = {{"state", g.state()},
                         {"locked", g.locked},
                         {"reopened", g.reopened},
                         {"reopen_reason", g.reopen_reason},
                         {"digest_matches", g.digest_matches},
                         {"recorded_digest", g.recorded_digest},
                         {"current_digest", g.current_digest},
                         {"record_head", g.record_head},
                         {"revisions", g.revisions},
                         {"weights_revised_after_scoring", g.weights_revised_after_scoring},
                         {"score_changes_recorded", g.score_changes_recorded},
                         {"scored_before_lock", g.scored_before_lock},
                         {"findings", findings_to_json(g.findings)},
                         {"imputations", g.imputations},
                         {"audit", std::move(audit)},
                         {"warnings", g.warnings}};
    // The command only makes sense for a framing that verifies: it would print NOT VERIFIED otherwise.
    if (g.state() == "locked") doc["governance"]["verify_command"] = verify_command(g.current_digest);
    doc["warnings"] = all_warnings(r);

    json weights = json::array();
    for (std::size_t c = 0; c < r.criterion_ids.size(); ++c) {
        const auto mi = index_of(model.criteria, r.criterion_ids[c]);
        const bool leaf = std::binary_search(r.leaf_indices.begin(), r.leaf_indices.end(), c);  // in model order: sorted
        weights.push_back({{"criterion", r.criterion_ids[c]},
                           {"name", criterion_name(model, r.criterion_ids[c])},
                           {"parent", mi ? model.criteria[*mi].parent : std::string()},
                           {"leaf", leaf},
                           {"local", c < r.weights.local.size() ? number_or_null(r.weights.local[c]) : json(nullptr)},
                           {"global", c < r.weights.global.size() ? number_or_null(r.weights.global[c]) : json(nullptr)}});
    }
    json answers = json::array();  // how each weight answer was elicited
    for (const auto& f : model.functions)
        for (const auto& q : f.questions)
            if (q.kind == question_kind::weight)
                for (const auto& a : q.answers) {
                    json x = {{"question", q.id},
                              {"group", a.group},
                              {"method", std::string(detail::name_of(a.elicited.method))},
                              {"consistent", a.elicited.outcome.consistent},
                              {"summary", elicitation_text(a)}};
                    if (a.elicited.outcome.consistency_ratio) x["consistency_ratio"] = *a.elicited.outcome.consistency_ratio;
                    answers.push_back(std::move(x));
                }
    doc["weights"] = {{"name", r.weights_name},
                      {"consensus_method", consensus_method_id(model.consensus.method)},
                      {"criteria", std::move(weights)},
                      {"answers", std::move(answers)}};

    json screening = json::array();
    for (const auto& s : r.screening) {
        json gates = json::array();
        for (const auto& o : s.gates) gates.push_back({{"gate", o.gate}, {"status", to_string(o.status)}, {"reason", o.reason}});
        screening.push_back({{"option", s.option},
                             {"shortlisted", s.shortlisted},
                             {"benchmark", s.benchmark},
                             {"flagged", s.flagged},
                             {"reason", s.reason},
                             {"gates", std::move(gates)}});
    }
    doc["screening"] = std::move(screening);

    json ranking = json::array();
    for (const auto& ro : r.ranking)
        ranking.push_back({{"option", ro.option}, {"rank", ro.rank}, {"total", number_or_null(ro.total)}, {"tied", ro.tied}});
    doc["ranking"] = std::move(ranking);

    json options = json::array();
    for (std::size_t i = 0; i < r.option_ids.size(); ++i) {
        const option* o = find_option(model, r.option_ids[i]);
        json values = json::object(), contributions = json::object();
        for (std::size_t c = 0; c < r.criterion_ids.size(); ++c)
            values[r.criterion_ids[c]] = number_or_null(r.values(Eigen::Index(i), Eigen::Index(c)));
        for (std::size_t l = 0; l < r.leaf_indices.size(); ++l)
            contributions[r.criterion_ids[r.leaf_indices[l]]] = number_or_null(r.contributions(Eigen::Index(i), Eigen::Index(l)));
        options.push_back({{"id", r.option_ids[i]},
                           {"name", o ? o->name : r.option_ids[i]},
                           {"vehicle", o ? o->vehicle : std::string()},
                           {"business_as_usual", o && o->business_as_usual},
                           {"do_minimum", o && o->do_minimum},
                           {"total", number_or_null(r.totals[Eigen::Index(i)])},
                           {"values", std::move(values)},
                           {"contributions", std::move(contributions)}});
    }
    doc["options"] = std::move(options);

    json dominance = json::array();
    for (const auto& d : r.dominance)
        dominance.push_back({{"option", d.option}, {"dominated_by", d.dominated_by}, {"potentially_optimal", d.potentially_optimal},
                            {"best_possible", to_string(d.best_possible)}});
    doc["dominance"] = std::move(dominance);

    json vfm = json::array();
    for (const auto& v : r.value_for_money)
        vfm.push_back({{"option", v.option},
                       {"npv_cost", number_or_null(v.npv_cost)},
                       {"npv_cost_before_optimism_bias", number_or_null(v.npv_cost_before_optimism_bias)},
                       {"total_value", number_or_null(v.total_value)},
                       {"benefit", number_or_null(v.benefit)},
                       {"benefit_per_cost", number_or_null(v.benefit_per_cost)},
                       {"benefit_per_cost_infinite", std::isinf(v.benefit_per_cost)},
                       {"value_added", number_or_null(v.value_added)},
                       {"extra_cost", number_or_null(v.extra_cost)},
                       {"value_added_per_extra_cost", number_or_null(v.value_added_per_extra_cost)},
                       {"position", to_string(v.position)},
                       {"on_frontier", v.on_frontier},
                       {"incremental_benefit_per_cost", number_or_null(v.incremental_benefit_per_cost)}});
    doc["value_for_money"] = std::move(vfm);
    doc["value_for_money_basis"] = {
        {"cost_basis", model.economics.basis == cost_basis::with_optimism_bias ? "with_optimism_bias" : "before_optimism_bias"},
        {"benefit", model.economics.benefit == vfm_benefit::excluding_cost_criteria ? "excluding_cost_criteria" : "total_value"},
        {"comparator", r.value_for_money_comparator.empty() ? json(nullptr) : json(r.value_for_money_comparator)}};

    if (!extras.by_group.empty()) {
        json groups = json::array();
        for (const auto& l : group_leaders(extras.by_group))
            groups.push_back({{"group", l.group}, {"leading", l.leaders}, {"total", number_or_null(l.total)}});
        doc["by_group"] = {{"groups", std::move(groups)}, {"disagree", groups_disagree(group_leaders(extras.by_group))}};
    }
    if (!extras.robustness.is_null()) doc["robustness"] = extras.robustness;
    if (!extras.improvement_over_time.is_null()) doc["improvement_over_time"] = extras.improvement_over_time;
    return doc;
}

// --- table -------------------------------------------------------------------------------------

std::string table_report(const appraisal& model, const appraisal_result& r, const report_extras& extras) {
    std::ostringstream out;
    const auto& ctx = model.context;
    const std::string rule(page_width, '=');
    const std::string thin(page_width, '-');
    auto heading = [&](const std::string& h) { out << '\n' << h << '\n' << std::string(display_width(h), '-') << '\n'; };
    auto paragraph = [&](const std::string& text, std::size_t indent) {
        for (const auto& line : wrap(text, page_width - indent)) out << std::string(indent, ' ') << line << '\n';
    };

    out << rule << '\n';
    paragraph(ctx.title.empty() ? std::string("Options appraisal") : ctx.title, 0);
    std::string sub = ctx.organisation;
    if (!ctx.service.empty()) sub += (sub.empty() ? "" : " · ") + ctx.service;
    if (!sub.empty()) paragraph(sub, 0);
    out << rule << '\n';
    if (model.illustrative)
        out << "ILLUSTRATIVE MODEL: the council, scores and costs are illustrative, not evidence.\n"
               "Use it to learn the method; do not quote its results.\n";
    if (!ctx.trigger.empty()) {
        const auto lines = wrap(ctx.trigger, page_width - 9);
        for (std::size_t i = 0; i < lines.size(); ++i) out << (i ? "         " : "Trigger: ") << lines[i] << '\n';
    }
    out << "Horizon: " << ctx.horizon_years << " years" << (ctx.base_year ? " from " + std::to_string(ctx.base_year) : "")
        << "; discount rate " << discount_text(ctx) << "; prices in " << ctx.currency << " (real)\n";

    heading("Function before form");
    const std::size_t key_width = 32;
    const governance_status& g = r.governance;
    // A key with its value wrapped under the value column.
    auto row = [&](const std::string& key, const std::string& value) {
        const auto lines = wrap(value, page_width - 2 - key_width);
        for (std::size_t i = 0; i < lines.size(); ++i)
            out << "  " << pad_right(i ? std::string() : key, key_width) << lines[i] << '\n';
    };
    row("lock status", lock_status_text(g));
    row("framing digest", g.current_digest);
    if (!g.recorded_digest.empty() && g.recorded_digest != g.current_digest) row("locked digest", g.recorded_digest);
    if (g.state() == "locked") {
        out << "  " << pad_right("verify", key_width) << "against the digest published with the decision:\n"
            << "    " << verify_command(g.current_digest) << '\n';  // never wrapped: it is run as it stands
    }
    row("revisions", std::to_string(g.revisions) + (g.revisions == 1 ? " reopening" : " reopenings"));
    row("weights revised after scoring", std::to_string(g.weights_revised_after_scoring));
    row("score changes recorded", std::to_string(g.score_changes_recorded));
    row("scored before lock", g.scored_before_lock ? "yes: options were scored while the framing was unlocked" : "no");
    row("weight set", weight_set_text(model, r));
    for (std::size_t i = 0; i < g.imputations.size(); ++i) row(i ? "" : "weights imputed", g.imputations[i]);

    const auto& audit = model.governance.audit;
    out << "\n  Audit trail (" << audit.size() << (audit.size() == 1 ? " entry" : " entries") << ")\n";
    if (audit.empty()) out << "    none: the framing has never been locked\n";
    for (const auto& e : audit) {
        const std::string head = "    " + pad_right(e.at, 21) + pad_right(e.action, 8);
        const auto lines = wrap(audit_entry_text(e), page_width - display_width(head));
        for (std::size_t i = 0; i < lines.size(); ++i)
            out << (i ? std::string(display_width(head), ' ') : head) << lines[i] << '\n';
    }

    const auto warnings = listed_warnings(r);
    heading("Warnings (" + std::to_string(warnings.size()) + ")");
    if (warnings.empty()) out << "  none\n";
    for (const auto& w : warnings) {
        const auto lines = wrap(w, page_width - 4);
        for (std::size_t i = 0; i < lines.size(); ++i) out << (i ? "    " : "  - ") << lines[i] << '\n';
    }

    // Screening: every option, with the reason for each discounted or flagged one.
    heading("Screening: " + std::to_string(r.screening.size()) + " options against " + std::to_string(model.gates.size()) +
            " gates");
    for (const auto& g : model.gates) out << "  " << pad_right(g.id, 6) << clip(g.name.empty() ? g.id : g.name, page_width - 8) << '\n';
    out << '\n';
    std::size_t name_width = 0;
    for (const auto& s : r.screening) name_width = std::max(name_width, display_width(option_name(model, s.option)));
    name_width = std::min<std::size_t>(name_width, 48);
    std::size_t id_width = 0;
    for (const auto& id : r.option_ids) id_width = std::max(id_width, display_width(id));
    std::size_t shortlisted = 0;
    for (const auto& s : r.screening) {
        if (s.shortlisted) ++shortlisted;
        const option* o = find_option(model, s.option);
        std::string word = screening_word(s);
        if (s.benchmark && !benchmark_kind(o).empty()) word += " (" + benchmark_kind(o) + ")";
        out << "  " << pad_right(s.option, id_width) << "  " << pad_right(clip(option_name(model, s.option), name_width), name_width)
            << "  " << word << '\n';
        const std::size_t indent = 4 + id_width;
        for (const auto& reason : screening_reasons(model, s)) {
            const auto lines = wrap(reason, page_width - indent - 2);
            for (std::size_t i = 0; i < lines.size(); ++i)
                out << std::string(indent, ' ') << (i ? "  " : "· ") << lines[i] << '\n';
        }
    }
    out << "  " << shortlisted << " of " << r.screening.size() << " options on the short list.\n";

    heading("Short list ranked by total value (0-100), " + (r.weights_name == "consensus" ? std::string("consensus weights")
                                                                                          : r.weights_name + " weights"));
    out << "  " << pad_right("rank", 6) << pad_right("option", id_width + 2) << pad_right("", name_width + 2)
        << pad_left("total", 7) << '\n';
    for (const auto& ro : r.ranking) {
        const std::size_t row = row_of(r, ro.option);
        const option* o = find_option(model, ro.option);
        std::string name = clip(option_name(model, ro.option), name_width);
        out << "  " << pad_right(rank_text(ro), 6) << pad_right(ro.option, id_width + 2) << pad_right(name, name_width + 2)
            << pad_left(fixed(ro.total, 1), 7);
        if (o && o->is_benchmark()) out << "   [" << benchmark_kind(o) << "]";
        out << '\n';
        std::vector<std::string> parts;
        for (const auto& c : top_contributions(r, row, 3))
            parts.push_back(criterion_name(model, c.criterion) + " " + fixed(c.points, 1));
        const std::size_t indent = 8 + id_width;
        const auto lines = wrap("main contributions: " + join(parts, ", "), page_width - indent);
        for (const auto& line : lines) out << std::string(indent, ' ') << line << '\n';
    }
    if (r.ranking.empty()) out << "  (no option on the short list)\n";

    heading("Dominance");
    if (r.dominance.empty()) out << "  (nothing to compare)\n";
    for (const auto& d : r.dominance)
        out << "  " << pad_right(d.option, id_width) << "  " << pad_right(clip(option_name(model, d.option), name_width), name_width)
            << "  " << dominance_text(d) << '\n';

    heading("Value for money (NPV of costs " + cost_basis_text(model) + ", over " + std::to_string(ctx.horizon_years) +
            " years at " + discount_text(ctx) + ")");
    if (r.value_for_money.empty()) {
        out << "  (no short-listed option has costs)\n";
    } else {
        const std::string m = currency_prefix(ctx.currency) + "m";
        const std::string per_extra = "per extra " + m;
        // Numeric columns are fixed; the name column takes what is left of the page.
        const std::size_t numeric = 9 + 8 + 8 + 9 + 14 + 9 + 13;
        const std::size_t vfm_name = std::min(name_width, page_width - 4 - id_width - numeric - 2);
        out << "  " << pad_right("option", id_width + 2) << pad_right("", vfm_name + 2) << pad_left("NPV cost", 9)
            << pad_left("benefit", 8) << pad_left("+value", 8) << pad_left("+cost", 9) << pad_left(per_extra, 14)
            << pad_left("frontier", 9) << pad_left("incr. per " + m, 13) << '\n';
        bool first_on_frontier = true;
        for (const auto* v : vfm_by_cost(r)) {
            std::string incremental = "-";
            if (v->on_frontier) {
                incremental = first_on_frontier ? "base" : fixed(v->incremental_benefit_per_cost, 2);
                first_on_frontier = false;
            }
            out << "  " << pad_right(v->option, id_width + 2) << pad_right(clip(option_name(model, v->option), vfm_name), vfm_name + 2)
                << pad_left(millions(v->npv_cost, ctx.currency), 9) << pad_left(fixed(v->benefit, 1), 8)
                << pad_left(signed_text(v->value_added, 1), 8)
                << pad_left(std::isnan(v->extra_cost) ? std::string("-") : signed_text(v->extra_cost / 1e6, 1), 9)
                << pad_left(vfm_position_text(*v), 14) << pad_left(v->on_frontier ? "yes" : "no", 9)
                << pad_left(incremental, 13) << '\n';
        }
        paragraph(vfm_benefit_text(model) + " (0-100), so cost counts once, as NPV.", 2);
        if (!r.value_for_money_comparator.empty())
            paragraph("+value, +cost: over the comparator, " + r.value_for_money_comparator + " " +
                          option_name(model, r.value_for_money_comparator) + "; " + per_extra +
                          ": value added per extra " + m + " of NPV cost (\"given up\": value lost per " + m + " saved).",
                      2);
        out << "  frontier: no option has more benefit for no more cost.\n"
            << "  incr. per " << m << ": extra benefit per extra " << m << " over the previous frontier option.\n";
        // Switching values compare every pair: only within the bound of the report's quadratic analyses.
        if (r.value_for_money.size() <= max_report_robustness_options) {
            std::string switches;
            for (const auto& v : switching_values(r.value_for_money))
                switches += (switches.empty() ? "" : ", ") + v.option + " " + frontier_switch_text(v, ctx.currency);
            paragraph("switching values, the NPC change at which an option leaves or joins the frontier: " + switches +
                          " (adva economics --view switching-values).",
                      2);
        }
    }

    if (!extras.by_group.empty()) {
        heading("Leading option by stakeholder group");
        const auto leaders = group_leaders(extras.by_group);
        std::size_t gw = 0;
        for (const auto& l : leaders) gw = std::max(gw, display_width(group_name(model, l.group)));
        for (const auto& l : leaders) {
            std::vector<std::string> names;
            for (const auto& id : l.leaders) names.push_back(id + " " + option_name(model, id));
            out << "  " << pad_right(group_name(model, l.group), gw) << "  "
                << (names.empty() ? std::string("(no short list)") : join(names, " = ") + " (" + fixed(l.total, 1) + ")") << '\n';
        }
        out << "  " << (groups_disagree(leaders) ? "The groups disagree on the leading option." : "Every group has the same leading option.")
            << '\n';
    }
    if (!extras.improvement_over_time_text.empty()) {
        heading("Improvement over time");
        out << extras.improvement_over_time_text;
    }
    if (!extras.robustness_text.empty()) out << '\n' << extras.robustness_text;
    out << thin << '\n';
    return out.str();
}

// --- CSV ---------------------------------------------------------------------------------------


std::string csv_report(const appraisal& model, const appraisal_result& r) {
    std::ostringstream out;
    std::vector<std::string> header = {"option", "name", "vehicle", "screening", "benchmark", "flagged", "rank", "tied",
                                       "total", "npv_cost", "vfm_benefit", "benefit_per_million", "value_added",
                                       "extra_cost", "value_added_per_extra_million", "cost_effectiveness", "on_frontier",
                                       "reasons"};
    for (const auto& id : r.criterion_ids) header.push_back("value_" + id);
    // The state of the decision record on every row, so that a row read on its own still says
    // whether the framing it comes from was locked, reopened or modified after lock.
    for (const char* column : {"governance_state", "framing_digest", "recorded_digest", "revisions",
                               "weights_revised_after_scoring", "scored_before_lock"})
        header.push_back(column);
    out << join(header, ",") << "\r\n";
    const governance_status& g = r.governance;
    const std::vector<std::string> governance_fields = {
        g.state(), g.current_digest, g.recorded_digest, std::to_string(g.revisions),
        std::to_string(g.weights_revised_after_scoring), g.scored_before_lock ? "true" : "false"};
    for (std::size_t i = 0; i < r.option_ids.size(); ++i) {
        const std::string& id = r.option_ids[i];
        const option* o = find_option(model, id);
        const screening_entry* s = nullptr;
        for (const auto& e : r.screening)
            if (e.option == id) s = &e;
        const ranked_option* ro = nullptr;
        for (const auto& e : r.ranking)
            if (e.option == id) ro = &e;
        const value_for_money_entry* v = nullptr;
        for (const auto& e : r.value_for_money)
            if (e.option == id) v = &e;
        std::vector<std::string> row = {
            id,
            o ? o->name : id,
            o ? o->vehicle : "",
            s ? (s->shortlisted ? "shortlisted" : "discounted") : "",
            s && s->benchmark ? "true" : "false",
            s && s->flagged ? "true" : "false",
            ro ? std::to_string(ro->rank) : "",
            ro && ro->tied ? "true" : "false",
            exact(r.totals[Eigen::Index(i)]),
            v ? exact(v->npv_cost) : "",
            v ? exact(v->benefit) : "",
            v ? (std::isinf(v->benefit_per_cost) ? "inf" : exact(v->benefit_per_cost)) : "",
            v ? exact(v->value_added) : "",
            v ? exact(v->extra_cost) : "",
            v ? exact(v->value_added_per_extra_cost) : "",
            v ? to_string(v->position) : "",
            v && v->on_frontier ? "true" : "false",
            s ? join(screening_reasons(model, *s), "; ") : ""};
        for (std::size_t c = 0; c < r.criterion_ids.size(); ++c) row.push_back(exact(r.values(Eigen::Index(i), Eigen::Index(c))));
        row.insert(row.end(), governance_fields.begin(), governance_fields.end());
        for (auto& f : row) f = csv_field(f);
        out << join(row, ",") << "\r\n";
    }
    return out.str();
}

std::string render_report(const appraisal& model, const appraisal_result& result, report_format format,
                          const report_extras& extras) {
    switch (format) {
        case report_format::table: return table_report(model, result, extras);
        case report_format::json: return result_to_json(model, result, extras).dump(2) + "\n";
        case report_format::csv: return csv_report(model, result);
        case report_format::markdown: return markdown_report(model, result, extras);
    }
    return table_report(model, result, extras);
}

}  // namespace adva::io
