// The economic case's writers: JSON, the table for people, CSV by option and year, Markdown.
#include "adva/io/economics_report.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "adva/io/scoring_sheet.hpp"
#include "json_names.hpp"
#include "report_text.hpp"

namespace adva::io {

namespace {

using nlohmann::json;
using detail::name_of;
using report_text::currency_prefix;
using report_text::display_width;
using report_text::exact;
using report_text::fixed;
using report_text::md;
using report_text::number_or_null;
using report_text::option_name;
using report_text::pad_left;
using report_text::pad_right;

json numbers_json(const std::vector<double>& xs) {
    json out = json::array();
    for (double x : xs) out.push_back(number_or_null(x));
    return out;
}

std::vector<double> total(const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> out(a.size());
    for (std::size_t t = 0; t < a.size(); ++t) out[t] = a[t] + b[t];
    return out;
}

// An amount in millions with two decimals, e.g. "£1.37m"; "–" when undefined.
std::string money(double x, const std::string& currency) {
    if (std::isnan(x)) return "-";
    return currency_prefix(currency) + fixed(x / 1e6, 2) + "m";
}

std::string schedule_text(const appraisal_context& c) {
    const std::string rate = fixed(c.discount_rate * 100.0, 1) + "%";
    return c.discount_schedule == discounting::green_book_declining
               ? "Green Book declining schedule from " + rate
               : rate + " a year";
}

std::string basis_text(cost_basis b) {
    return b == cost_basis::with_optimism_bias ? "after optimism bias" : "before optimism bias";
}

bool with_bias(const economic_case& c) { return c.basis == cost_basis::with_optimism_bias; }

json line_json(const line_flows& f, bool cost) {
    json j = {{"id", f.id}, {"name", f.name}};
    if (cost) {
        j["kind"] = kind_name(f.kind);
        j["category"] = category_name(f.category);
        j["optimism_bias"] = f.optimism_bias.empty() ? json(nullptr) : json(f.optimism_bias);
        j["uplift"] = f.uplift;
        j["present_before_optimism_bias"] = f.present_before;
        j["present_after_optimism_bias"] = f.present_after;
        j["before_optimism_bias"] = numbers_json(f.before);
        j["after_optimism_bias"] = numbers_json(f.after);
    } else {
        j["present_value"] = f.present_before;
        j["amounts"] = numbers_json(f.before);
    }
    return j;
}

// A cost switch as JSON: the change (null when none), its percentage of the NPC, what changes.
json switch_json(const cost_switch& s) {
    if (!s.exists()) return nullptr;
    return {{"change", s.change}, {"percent", number_or_null(s.percent)}, {"option", s.affected},
            {"effect", s.joins ? "joins_frontier" : "leaves_frontier"}};
}

// "+£5.00m (+50.0%)"; "none" when no change of that sign alters anything.
std::string switch_amount(const cost_switch& s, const std::string& currency) {
    if (!s.exists()) return "none";
    const std::string sign = s.change > 0 ? "+" : (s.change < 0 ? "-" : "±");
    std::string text = sign + money(std::fabs(s.change), currency);
    if (!std::isnan(s.percent)) text += " (" + sign + fixed(std::fabs(s.percent), 1) + "%)";
    return text;
}

std::string switch_effect(const cost_switch& s) {
    if (!s.exists()) return "";
    return s.affected + (s.joins ? " joins" : " leaves");
}

}  // namespace

std::string kind_name(cost_kind kind) { return std::string(name_of(kind)); }
std::string category_name(cost_category category) { return std::string(name_of(category)); }

std::vector<std::string> economic_case_warnings(const appraisal& model, const economic_case& result) {
    std::vector<std::string> out;
    std::size_t unbiased = 0;
    std::string unbiased_options, costless;
    for (const auto& o : model.options) {
        const auto n = std::count_if(o.costs.begin(), o.costs.end(), [](const cost_line& c) {
            return c.optimism_bias.empty() && c.kind != cost_kind::saving && c.kind != cost_kind::contingency;
        });
        if (n > 0) {
            unbiased += std::size_t(n);
            unbiased_options += (unbiased_options.empty() ? "" : ", ") + o.id;
        }
        if (o.costs.empty()) costless += (costless.empty() ? "" : ", ") + o.id;
    }
    if (with_bias(result) && unbiased > 0)
        out.push_back(std::to_string(unbiased) + " cost line" + (unbiased == 1 ? "" : "s") +
                      " without an optimism-bias category, not uplifted (options " + unbiased_options +
                      "): name a category per line, with any mitigation and its reason");
    if (!costless.empty()) out.push_back("no cost lines, so a net present cost of 0: options " + costless);
    const auto& b = model.economics.budget;
    const std::size_t horizon = std::size_t(std::max(model.context.horizon_years, 0));
    if (!b.empty() && (b.capital.size() < horizon || b.revenue.size() < horizon))
        out.push_back("the budget envelope does not cover every year of the horizon (capital " +
                      std::to_string(b.capital.size()) + ", revenue " + std::to_string(b.revenue.size()) + " of " +
                      std::to_string(horizon) + " years): years without it are not checked");
    return out;
}

nlohmann::json economic_case_to_json(const appraisal& model, const economic_case& result) {
    const auto& ctx = model.context;
    json table = json::object();
    for (const auto& [id, u] : green_book_optimism_bias())
        table[id] = {{"upper", u.upper}, {"lower", u.lower}, {"applies_to", u.applies_to}, {"source", u.source},
                     {"from", "green_book"}};
    for (const auto& [id, u] : model.economics.optimism_bias)
        table[id] = {{"upper", u.upper}, {"lower", u.lower}, {"applies_to", u.applies_to}, {"source", u.source},
                     {"from", "model"}};

    json doc = {{"adva_economics", economics_format_version},
                {"currency", ctx.currency},
                {"prices", "real"},
                {"base_year", ctx.base_year == 0 ? json(nullptr) : json(ctx.base_year)},
                {"horizon_years", ctx.horizon_years},
                {"discounting",
                 {{"schedule", std::string(name_of(ctx.discount_schedule))},
                  {"rate", ctx.discount_rate},
                  {"factors", numbers_json(result.discount_factors)},
                  {"health_factors", numbers_json(result.health_discount_factors)}}},
                {"cost_basis", std::string(name_of(result.basis))},
                {"optimism_bias_table", std::move(table)}};
    const auto& b = model.economics.budget;
    doc["budget"] = result.has_budget ? json{{"name", b.name}, {"capital", numbers_json(b.capital)}, {"revenue", numbers_json(b.revenue)}}
                                      : json(nullptr);
    if (!model.economics.deflator.index.empty())
        doc["deflator"] = {{"name", model.economics.deflator.name}, {"index", numbers_json(model.economics.deflator.index)}};

    json options = json::array();
    for (std::size_t i = 0; i < result.options.size(); ++i) {
        const auto& e = result.options[i];
        json o = {{"option", e.option},
                  {"name", model.options[i].name},
                  {"npc_before_optimism_bias", e.npc_before},
                  {"optimism_bias", e.npc_after - e.npc_before},
                  {"npc_after_optimism_bias", e.npc_after},
                  {"npc", e.npc},
                  {"present_benefits", e.has_benefits() ? json(e.present_benefits) : json(nullptr)},
                  {"npsv", number_or_null(e.npsv)},
                  {"bcr", number_or_null(e.bcr)},
                  {"by_year",
                   {{"capital_before_optimism_bias", numbers_json(e.capital_before)},
                    {"revenue_before_optimism_bias", numbers_json(e.revenue_before)},
                    {"capital_after_optimism_bias", numbers_json(e.capital_after)},
                    {"revenue_after_optimism_bias", numbers_json(e.revenue_after)}}}};
        if (result.has_budget)
            o["affordability"] = {{"capital_headroom", numbers_json(e.capital_headroom)},
                                  {"revenue_headroom", numbers_json(e.revenue_headroom)},
                                  {"shortfall_years", e.shortfall_years},
                                  {"largest_shortfall", e.largest_shortfall},
                                  {"affordable", e.affordable()}};
        else
            o["affordability"] = nullptr;
        json lines = json::array();
        for (const auto& f : e.costs) lines.push_back(line_json(f, true));
        o["cost_lines"] = std::move(lines);
        json benefits = json::array();
        for (std::size_t k = 0; k < e.benefits.size(); ++k) {
            json x = line_json(e.benefits[k], false);
            x["discounting"] = std::string(name_of(model.options[i].benefits[k].discounting));
            benefits.push_back(std::move(x));
        }
        o["benefit_lines"] = std::move(benefits);
        options.push_back(std::move(o));
    }
    doc["options"] = std::move(options);
    doc["warnings"] = economic_case_warnings(model, result);
    return doc;
}

std::string render_economic_case(const appraisal& model, const economic_case& result, report_format format, bool by_year) {
    const auto& ctx = model.context;
    const std::string& cur = ctx.currency;
    const bool any_benefits =
        std::any_of(result.options.begin(), result.options.end(), [](const option_economics& e) { return e.has_benefits(); });
    switch (format) {
        case report_format::json: return economic_case_to_json(model, result).dump(2) + "\n";
        case report_format::csv: {
            sheet_table t;
            t.rows.push_back({"option", "year", "calendar_year", "capital_before_optimism_bias", "revenue_before_optimism_bias",
                              "capital_after_optimism_bias", "revenue_after_optimism_bias", "discount_factor",
                              "present_cost", "capital_headroom", "revenue_headroom"});
            for (const auto& e : result.options)
                for (std::size_t t0 = 0; t0 < result.discount_factors.size(); ++t0) {
                    const double cost = with_bias(result) ? e.capital_after[t0] + e.revenue_after[t0]
                                                          : e.capital_before[t0] + e.revenue_before[t0];
                    t.rows.push_back({e.option, std::to_string(t0), ctx.base_year ? std::to_string(ctx.base_year + int(t0)) : "",
                                      exact(e.capital_before[t0]), exact(e.revenue_before[t0]), exact(e.capital_after[t0]),
                                      exact(e.revenue_after[t0]), exact(result.discount_factors[t0]),
                                      exact(cost * result.discount_factors[t0]),
                                      result.has_budget ? exact(e.capital_headroom[t0]) : "",
                                      result.has_budget ? exact(e.revenue_headroom[t0]) : ""});
                }
            return sheet_to_csv(t);
        }
        case report_format::markdown: {
            std::string s = "| option | name | NPC before optimism bias | optimism bias | NPC after | affordable |" +
                            std::string(any_benefits ? " PV benefits | NPSV | BCR |" : "") + "\n|---|---|---:|---:|---:|---|" +
                            std::string(any_benefits ? "---:|---:|---:|" : "") + "\n";
            for (std::size_t i = 0; i < result.options.size(); ++i) {
                const auto& e = result.options[i];
                s += "| " + md(e.option) + " | " + md(model.options[i].name) + " | " + money(e.npc_before, cur) + " | " +
                     money(e.npc_after - e.npc_before, cur) + " | " + money(e.npc_after, cur) + " | " +
                     (result.has_budget ? (e.affordable() ? "yes" : "no") : "-") + " |";
                if (any_benefits)
                    s += " " + (e.has_benefits() ? money(e.present_benefits, cur) : "-") + " | " + money(e.npsv, cur) + " | " +
                         (std::isnan(e.bcr) ? "-" : fixed(e.bcr, 2)) + " |";
                s += "\n";
            }
            return s;
        }
        case report_format::table: break;
    }

    std::ostringstream out;
    out << "Economic case: " << (ctx.title.empty() ? std::string("(untitled)") : ctx.title) << '\n'
        << "  real prices" << (ctx.base_year ? " of " + std::to_string(ctx.base_year) : std::string()) << ", " << cur
        << "; " << ctx.horizon_years << " years discounted at " << schedule_text(ctx) << "; value for money uses costs "
        << basis_text(result.basis) << '\n';
    if (result.has_budget)
        out << "  budget envelope: " << (model.economics.budget.name.empty() ? std::string("(unnamed)") : model.economics.budget.name)
            << '\n';
    std::size_t id_width = 6;
    for (const auto& e : result.options) id_width = std::max(id_width, display_width(e.option));
    const std::size_t name_width = 28;
    out << '\n'
        << "  " << pad_right("option", id_width + 2) << pad_right("", name_width + 2) << pad_left("NPC", 10)
        << pad_left("optimism", 10) << pad_left("NPC after", 11);
    if (result.has_budget) out << pad_left("years over", 12);
    if (any_benefits) out << pad_left("PV benefits", 13) << pad_left("NPSV", 10) << pad_left("BCR", 7);
    out << '\n'
        << "  " << pad_right("", id_width + 2) << pad_right("", name_width + 2) << pad_left("", 10) << pad_left("bias", 10)
        << pad_left("", 11);
    if (result.has_budget) out << pad_left("budget", 12);
    out << '\n';
    for (std::size_t i = 0; i < result.options.size(); ++i) {
        const auto& e = result.options[i];
        out << "  " << pad_right(e.option, id_width + 2)
            << pad_right(report_text::clip(option_name(model, e.option), name_width), name_width + 2)
            << pad_left(money(e.npc_before, cur), 10) << pad_left("+" + money(e.npc_after - e.npc_before, cur), 10)
            << pad_left(money(e.npc_after, cur), 11);
        if (result.has_budget) out << pad_left(std::to_string(e.shortfall_years), 12);
        if (any_benefits)
            out << pad_left(e.has_benefits() ? money(e.present_benefits, cur) : "-", 13) << pad_left(money(e.npsv, cur), 10)
                << pad_left(std::isnan(e.bcr) ? "-" : fixed(e.bcr, 2), 7);
        out << '\n';
    }
    out << "\n  NPC: net present cost (a saving reduces it). Optimism bias: the Green Book uplift on each line's\n"
        << "  estimate (the category's upper bound, less its recorded mitigation).\n";
    if (by_year)
        for (std::size_t i = 0; i < result.options.size(); ++i) {
            const auto& e = result.options[i];
            out << '\n' << e.option << "  " << option_name(model, e.option) << "  (" << currency_prefix(cur) << "m, "
                << basis_text(result.basis) << ")\n";
            const auto& capital = with_bias(result) ? e.capital_after : e.capital_before;
            const auto& revenue = with_bias(result) ? e.revenue_after : e.revenue_before;
            const auto row = [&](const std::string& label, const std::vector<double>& xs, int decimals) {
                out << "  " << pad_right(label, 18);
                for (double x : xs) out << pad_left(std::isnan(x) ? "-" : fixed(decimals == 3 ? x : x / 1e6, decimals), 8);
                out << '\n';
            };
            out << "  " << pad_right("year", 18);
            for (std::size_t t = 0; t < capital.size(); ++t)
                out << pad_left(ctx.base_year ? std::to_string(ctx.base_year + int(t)) : std::to_string(t), 8);
            out << '\n';
            row("capital", capital, 2);
            row("revenue", revenue, 2);
            row("total", total(capital, revenue), 2);
            row("discount factor", result.discount_factors, 3);
            if (result.has_budget) {
                row("capital headroom", e.capital_headroom, 2);
                row("revenue headroom", e.revenue_headroom, 2);
            }
        }
    const auto warnings = economic_case_warnings(model, result);
    if (!warnings.empty()) {
        out << '\n';
        for (const auto& w : warnings) {
            const auto lines = report_text::wrap(w, 90);
            for (std::size_t k = 0; k < lines.size(); ++k) out << (k ? "        " : "  note: ") << lines[k] << '\n';
        }
    }
    return out.str();
}

nlohmann::json switching_values_to_json(const appraisal& model, const appraisal_result& result,
                                        const std::vector<option_switching_values>& values) {
    json options = json::array();
    for (const auto& v : values)
        options.push_back({{"option", v.option},
                           {"npv_cost", v.npv_cost},
                           {"benefit", number_or_null(v.benefit)},
                           {"on_frontier", v.on_frontier},
                           {"frontier", switch_json(v.frontier)},
                           {"ranking_up", switch_json(v.ranking_up)},
                           {"ranking_down", switch_json(v.ranking_down)}});
    return {{"adva_switching_values", economics_format_version},
            {"currency", model.context.currency},
            {"cost_basis", std::string(name_of(model.economics.basis))},
            {"benefit", std::string(name_of(model.economics.benefit))},
            {"comparator", result.value_for_money_comparator.empty() ? json(nullptr) : json(result.value_for_money_comparator)},
            {"options", std::move(options)}};
}

std::string render_switching_values(const appraisal& model, const appraisal_result& result,
                                    const std::vector<option_switching_values>& values, report_format format) {
    const std::string& cur = model.context.currency;
    switch (format) {
        case report_format::json: return switching_values_to_json(model, result, values).dump(2) + "\n";
        case report_format::csv: {
            sheet_table t;
            t.rows.push_back({"option", "npv_cost", "benefit", "on_frontier", "frontier_change", "frontier_percent",
                              "ranking_up_change", "ranking_up_effect", "ranking_down_change", "ranking_down_effect"});
            const auto change = [](const cost_switch& s) { return s.exists() ? exact(s.change) : std::string(); };
            const auto percent = [](const cost_switch& s) { return s.exists() && !std::isnan(s.percent) ? exact(s.percent) : std::string(); };
            for (const auto& v : values)
                t.rows.push_back({v.option, exact(v.npv_cost), exact(v.benefit), v.on_frontier ? "true" : "false",
                                  change(v.frontier), percent(v.frontier), change(v.ranking_up), switch_effect(v.ranking_up),
                                  change(v.ranking_down), switch_effect(v.ranking_down)});
            return sheet_to_csv(t);
        }
        case report_format::markdown: {
            std::string s = "| option | NPC | frontier | frontier switches at | ranking changes: increase | decrease |\n"
                            "|---|---:|---|---|---|---|\n";
            for (const auto& v : values) {
                const auto cell = [&](const cost_switch& x) {
                    return x.exists() ? switch_amount(x, cur) + ", " + md(switch_effect(x)) : std::string("none");
                };
                s += "| " + md(v.option) + " | " + money(v.npv_cost, cur) + " | " + (v.on_frontier ? "on" : "off") + " | " +
                     switch_amount(v.frontier, cur) + " | " + cell(v.ranking_up) + " | " + cell(v.ranking_down) + " |\n";
            }
            return s;
        }
        case report_format::table: break;
    }
    std::ostringstream out;
    out << "Switching values: how far each option's net present cost can move, all else fixed, before the\n"
        << "value-for-money comparison changes\n"
        << "  costs " << basis_text(model.economics.basis) << "; " << report_text::vfm_benefit_text(model) << '\n';
    if (values.empty()) {
        out << "\n  No short-listed option has cost lines: there is no comparison to change.\n";
        return out.str();
    }
    std::size_t id_width = 6;
    for (const auto& v : values) id_width = std::max(id_width, display_width(v.option));
    std::size_t effect_width = 8;
    for (const auto& v : values) effect_width = std::max(effect_width, display_width(switch_effect(v.ranking_up)));
    out << '\n'
        << "  " << pad_right("option", id_width + 2) << pad_left("NPC", 10) << "  " << pad_right("frontier", 9)
        << pad_right("switches at", 22) << pad_right("ranking changes: increase", 22 + effect_width + 2) << "decrease\n";
    for (const auto& v : values) {
        const auto cell = [&](const cost_switch& x, std::size_t width) {
            return pad_right(switch_amount(x, cur), 22) + pad_right(switch_effect(x), width);
        };
        out << "  " << pad_right(v.option, id_width + 2) << pad_left(money(v.npv_cost, cur), 10) << "  "
            << pad_right(v.on_frontier ? "on" : "off", 9) << pad_right(switch_amount(v.frontier, cur), 22)
            << cell(v.ranking_up, effect_width + 2) << cell(v.ranking_down, 0) << '\n';
    }
    out << "\n  frontier: an option on it leaves once its NPC rises by the amount shown; one off it joins once\n"
        << "  its NPC falls by it. Ranking: the nearest rise and fall of the option's NPC at which any option\n"
        << "  joins or leaves the frontier, so that the incremental comparison changes. Changes happen at\n"
        << "  the amount (equal benefits) or just beyond it.\n";
    return out.str();
}

nlohmann::json cost_tornado_to_json(const appraisal& model, const std::vector<option_cost_tornado>& tornado) {
    json options = json::array();
    for (const auto& t : tornado) {
        json bars = json::array();
        for (const auto& b : t.bars)
            bars.push_back({{"line", b.line},
                            {"name", b.name},
                            {"optimism_bias", b.optimism_bias},
                            {"range", to_string(b.range)},
                            {"low", b.low},
                            {"high", b.high},
                            {"npc_low", b.npc_low},
                            {"npc_high", b.npc_high},
                            {"swing", b.swing()},
                            {"reaches_switch_up", b.reaches_switch_up},
                            {"reaches_switch_down", b.reaches_switch_down}});
        options.push_back({{"option", t.option},
                           {"npc", t.npc},
                           {"short_listed", t.short_listed},
                           {"switch_up", switch_json(t.switch_up)},
                           {"switch_down", switch_json(t.switch_down)},
                           {"bars", std::move(bars)}});
    }
    return {{"adva_cost_tornado", economics_format_version},
            {"currency", model.context.currency},
            {"cost_basis", std::string(name_of(model.economics.basis))},
            {"options", std::move(options)}};
}

std::string render_cost_tornado(const appraisal& model, const std::vector<option_cost_tornado>& tornado, report_format format) {
    const std::string& cur = model.context.currency;
    const auto reaches = [](const cost_tornado_bar& b) {
        return b.reaches_switch_up ? std::string("yes, rising") : b.reaches_switch_down ? std::string("yes, falling") : std::string("no");
    };
    switch (format) {
        case report_format::json: return cost_tornado_to_json(model, tornado).dump(2) + "\n";
        case report_format::csv: {
            sheet_table t;
            t.rows.push_back({"option", "npc", "line", "name", "optimism_bias", "range", "low", "high", "npc_low", "npc_high",
                              "swing", "reaches_switch_up", "reaches_switch_down"});
            for (const auto& o : tornado)
                for (const auto& b : o.bars)
                    t.rows.push_back({o.option, exact(o.npc), b.line, b.name, b.optimism_bias, to_string(b.range), exact(b.low), exact(b.high),
                                      exact(b.npc_low), exact(b.npc_high), exact(b.swing()), b.reaches_switch_up ? "true" : "false",
                                      b.reaches_switch_down ? "true" : "false"});
            return sheet_to_csv(t);
        }
        case report_format::markdown: {
            std::string s = "| option | line | range | NPC low | NPC high | swing | reaches a switching value |\n"
                            "|---|---|---|---:|---:|---:|---|\n";
            for (const auto& o : tornado)
                for (const auto& b : o.bars)
                    s += "| " + md(o.option) + " | " + md(b.line) + " " + md(b.name) + " | " + md(report_text::cost_range_text(b)) + " | " +
                         money(b.npc_low, cur) + " | " +
                         money(b.npc_high, cur) + " | " + money(b.swing(), cur) + " | " + reaches(b) + " |\n";
            return s;
        }
        case report_format::table: break;
    }
    std::ostringstream out;
    out << "Cost tornado: each option's net present cost as one cost line at a time runs over its range,\n"
        << "widest first: the line's own range, else its optimism-bias category's (the Green Book's lower\n"
        << "to upper bound)\n"
        << "  costs " << basis_text(model.economics.basis) << "; a line with neither has no range\n";
    if (tornado.empty()) {
        out << "\n  No option has cost lines.\n";
        return out.str();
    }
    std::size_t line_width = 8;
    for (const auto& o : tornado)
        for (const auto& b : o.bars) line_width = std::max(line_width, std::min<std::size_t>(display_width(b.line + " " + b.name), 40));
    for (const auto& o : tornado) {
        out << '\n' << o.option << "  " << option_name(model, o.option) << "  NPC " << money(o.npc, cur);
        if (o.short_listed)
            out << "; the incremental ranking changes at a rise of " << switch_amount(o.switch_up, cur) << ", a fall of "
                << switch_amount(o.switch_down, cur);
        else
            out << "; not short-listed";
        out << '\n';
        if (o.bars.empty()) {
            out << "  no cost line with a range or an optimism-bias category\n";
            continue;
        }
        out << "  " << pad_right("line", line_width + 2) << pad_right("range", 34) << pad_left("NPC low", 10) << pad_left("NPC high", 10)
            << pad_left("swing", 10) << "  reaches a switch\n";
        for (const auto& b : o.bars)
            out << "  " << pad_right(report_text::clip(b.line + " " + b.name, 40), line_width + 2)
                << pad_right(report_text::clip(report_text::cost_range_text(b), 32), 34) << pad_left(money(b.npc_low, cur), 10)
                << pad_left(money(b.npc_high, cur), 10) << pad_left(money(b.swing(), cur), 10) << "  " << reaches(b) << '\n';
    }
    return out.str();
}

}  // namespace adva::io
