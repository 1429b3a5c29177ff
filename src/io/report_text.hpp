#pragma once
// Text helpers shared by the report writers (report.cpp: JSON, table, CSV, Markdown;
// html_report.cpp: HTML): number formats, model lookups by id, and the words a report uses for
// screening, dominance, weights, scores and audit entries. Internal to adva::io.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/cost_tornado.hpp"
#include "adva/analysis/switching_values.hpp"
#include "adva/error.hpp"
#include "adva/io/report.hpp"

namespace adva::io::report_text {

using nlohmann::json;

// --- small text helpers ------------------------------------------------------------------------

/// Display width of UTF-8 text in columns: one per code point (the model's text is Latin, with
/// characters such as '£' and '–' that are several bytes but one column).
inline std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0u) != 0x80u) ++n;
    return n;
}

inline std::string pad_right(std::string s, std::size_t width) {
    const std::size_t w = display_width(s);
    if (w < width) s.append(width - w, ' ');
    return s;
}

inline std::string pad_left(std::string s, std::size_t width) {
    const std::size_t w = display_width(s);
    if (w < width) s.insert(0, width - w, ' ');
    return s;
}

/// Cuts text to at most `width` columns, ending with "…" when cut (never inside a UTF-8 sequence).
inline std::string clip(const std::string& s, std::size_t width) {
    if (display_width(s) <= width) return s;
    std::string out;
    std::size_t cols = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0u) != 0x80u) {
            if (cols + 1 == width) break;
            ++cols;
        }
        out += s[i];
    }
    return out + "…";
}

/// Word-wraps text to `width` columns; continuation lines start with `indent`.
inline std::vector<std::string> wrap(const std::string& text, std::size_t width, std::size_t first_width = 0) {
    std::vector<std::string> lines;
    std::string line;
    std::istringstream words(text);
    std::string word;
    std::size_t limit = first_width ? first_width : width;
    while (words >> word) {
        if (!line.empty() && display_width(line) + 1 + display_width(word) > limit) {
            lines.push_back(line);
            line.clear();
            limit = width;
        }
        if (!line.empty()) line += ' ';
        line += word;
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
}

/// Text as one Markdown table cell: the characters Markdown would read as markup escaped, line
/// breaks as spaces.
/// A CSV field (RFC 4180): quoted, with inner quotes doubled, when it holds a comma, quote or line break.
inline std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

inline std::string md(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']') out += '\\';
        out += (c == '\n' ? ' ' : c);
    }
    return out;
}

inline std::string fixed(double v, int decimals) {
    if (std::isnan(v)) return "n/a";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s == "-0.0" || s == "-0.00" || s == "-0") s.erase(0, 1);
    return s;
}

/// Full precision for machine-readable output (CSV): round-trips a double.
inline std::string exact(double v) {
    if (!std::isfinite(v)) return {};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

inline std::string currency_prefix(const std::string& currency) {
    if (currency == "GBP") return "£";
    if (currency == "EUR") return "€";
    if (currency == "USD") return "$";
    return currency + " ";
}

/// An amount in millions, e.g. "£31.2m".
inline std::string millions(double amount, const std::string& currency) {
    return currency_prefix(currency) + fixed(amount / 1e6, 1) + "m";
}

inline json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

/// A cost-tornado bar's range for people: "-10% to +30% (own range)", "+0% to +41% (outsourcing)".
inline std::string cost_range_text(const cost_tornado_bar& b) {
    const auto percent = [](double x) { return (x >= 0 ? "+" : "") + fixed(100 * x, 0) + "%"; };
    return percent(b.low) + " to " + percent(b.high) +
           (b.range == cost_range_source::line ? std::string(" (own range)") : " (" + b.optimism_bias + ")");
}

// --- model lookups -----------------------------------------------------------------------------

/// Position of `id` among the ids of `xs` (a model's options or criteria, a result's option ids).
/// A report looks an id up per row: a hash index of the last list seen (per thread) keeps that
/// linear in the model's size (10^5 options) where a scan per row is quadratic. A hit is checked
/// against the list itself, so a stale index (another list at the same address) is rebuilt, never
/// trusted.
template <class T>
inline std::optional<std::size_t> index_of(const std::vector<T>& xs, const std::string& id) {
    const auto id_at = [&](std::size_t i) -> const std::string& {
        if constexpr (std::is_same_v<T, std::string>) return xs[i];
        else return xs[i].id;
    };
    thread_local std::unordered_map<std::string, std::size_t> index;
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (const auto it = index.find(id); it != index.end() && it->second < xs.size() && id_at(it->second) == id) return it->second;
        if (attempt == 1) break;
        index.clear();
        index.reserve(xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i) index.emplace(id_at(i), i);  // the first of equal ids, as a scan
    }
    return std::nullopt;
}

inline const option* find_option(const appraisal& m, const std::string& id) {
    const auto i = index_of(m.options, id);
    return i ? &m.options[*i] : nullptr;
}

inline std::string option_name(const appraisal& m, const std::string& id) {
    const option* o = find_option(m, id);
    return o && !o->name.empty() ? o->name : id;
}

inline std::string criterion_name(const appraisal& m, const std::string& id) {
    const auto i = index_of(m.criteria, id);
    return i && !m.criteria[*i].name.empty() ? m.criteria[*i].name : id;
}

inline std::string gate_name(const appraisal& m, const std::string& id) {
    const auto i = m.gate_index(id);
    return i && !m.gates[*i].name.empty() ? m.gates[*i].name : id;
}

inline std::size_t row_of(const appraisal_result& r, const std::string& option_id) {
    const auto i = index_of(r.option_ids, option_id);
    if (!i)
        throw computation_error("adva.report.inconsistent", "option_ids", "the result does not contain an option it ranks",
                    "\"" + option_id + "\"");
    return *i;
}


inline const char* consensus_method_text(consensus_method m) {
    switch (m) {
        case consensus_method::arithmetic_mean: return "arithmetic mean";
        case consensus_method::geometric_mean: return "geometric mean";
        case consensus_method::lead_group: return "lead group";
    }
    return "arithmetic mean";
}

inline const char* consensus_method_id(consensus_method m) {
    switch (m) {
        case consensus_method::arithmetic_mean: return "arithmetic_mean";
        case consensus_method::geometric_mean: return "geometric_mean";
        case consensus_method::lead_group: return "lead_group";
    }
    return "arithmetic_mean";
}

/// Groups (model order) that gave swings to at least one weight question.
inline std::vector<std::string> answering_groups(const appraisal& m) {
    std::set<std::string> seen;
    for (const auto& f : m.functions)
        for (const auto& q : f.questions)
            if (q.kind == question_kind::weight)
                for (const auto& a : q.answers)
                    if (!a.swing.empty()) seen.insert(a.group);
    std::vector<std::string> out;
    for (const auto& g : m.groups)
        if (seen.count(g.id)) out.push_back(g.id);
    return out;
}

inline std::string group_name(const appraisal& m, const std::string& id) {
    const auto i = m.group_index(id);
    return i && !m.groups[*i].name.empty() ? m.groups[*i].name : id;
}

/// Which weight set a result used, in words.
inline std::string weight_set_text(const appraisal& m, const appraisal_result& r) {
    if (r.weights_name != "consensus") return "stakeholder group " + group_name(m, r.weights_name) + " (" + r.weights_name + ")";
    const auto groups = answering_groups(m);
    if (groups.empty()) return "consensus (the criteria's direct weights: no group answered the weight questions)";
    if (m.consensus.method == consensus_method::lead_group)
        return "consensus (lead group: " + group_name(m, m.consensus.lead_group) + ")";
    return "consensus (" + std::string(consensus_method_text(m.consensus.method)) + " of " +
           std::to_string(groups.size()) + " stakeholder groups' weights)";
}

/// Warnings from the result and its governance status, without repeats, in order.
inline std::vector<std::string> all_warnings(const appraisal_result& r) {
    std::vector<std::string> out;
    std::unordered_set<std::string_view> seen;  // views into r: a warning per criterion must not make this quadratic
    for (const auto* list : {&r.governance.warnings, &r.warnings})
        for (const auto& w : *list)
            if (seen.insert(w).second) out.push_back(w);
    return out;
}

/// The warnings a report for people lists: all_warnings() without the imputation notes, which its
/// "Function before form" section shows with the rest of the decision record.
inline std::vector<std::string> listed_warnings(const appraisal_result& r) {
    std::unordered_set<std::string> shown;
    for (const auto& note : r.governance.imputations) shown.insert("weights imputed: " + note);
    std::vector<std::string> out = all_warnings(r);
    out.erase(std::remove_if(out.begin(), out.end(), [&](const std::string& w) { return shown.count(w) > 0; }), out.end());
    return out;
}

struct contribution {
    std::string criterion;
    double points = 0.0;
};

/// The option's largest leaf contributions (global weight × value), largest first.
inline std::vector<contribution> top_contributions(const appraisal_result& r, std::size_t row, std::size_t n) {
    std::vector<contribution> all;
    for (std::size_t l = 0; l < r.leaf_indices.size(); ++l) {
        const double c = r.contributions(Eigen::Index(row), Eigen::Index(l));
        if (std::isfinite(c)) all.push_back({r.criterion_ids[r.leaf_indices[l]], c});
    }
    std::stable_sort(all.begin(), all.end(), [](const contribution& a, const contribution& b) { return a.points > b.points; });
    if (all.size() > n) all.resize(n);
    return all;
}

/// The result of screening for one option in a word.
inline std::string screening_word(const screening_entry& s) {
    if (s.benchmark) return s.flagged ? "benchmark, flagged" : "benchmark";
    if (!s.shortlisted) return "discounted";
    return s.flagged ? "short-listed, flagged" : "short-listed";
}

/// The reasons behind a screening result: every gate that did not pass, else the entry's reason.
inline std::vector<std::string> screening_reasons(const appraisal& m, const screening_entry& s) {
    std::vector<std::string> out;
    for (const auto& g : s.gates)
        if (g.status != gate_status::pass)
            out.push_back(g.gate + " " + gate_name(m, g.gate) + " (" + to_string(g.status) + "): " + g.reason);
    if (out.empty() && !s.reason.empty()) out.push_back(s.reason);
    return out;
}

inline std::string benchmark_kind(const option* o) {
    if (!o) return {};
    if (o->business_as_usual) return "business as usual";
    if (o->do_minimum) return "do minimum";
    return {};
}

/// A group's influence in the consensus as a recorded choice: the value and why, or that no one
/// recorded why (then it is the default, or an unexplained number).
inline std::string influence_text(const stakeholder_group& g) {
    const std::string value = adva::detail::short_number(g.influence);
    if (!g.influence_reason.empty()) return value + ": " + g.influence_reason;
    return value + (g.influence == 1.0 ? " (the default: not recorded as a choice)" : " (no reason recorded)");
}

inline std::string rank_text(const ranked_option& r) { return (r.tied ? "=" : "") + std::to_string(r.rank); }

inline std::string dominance_text(const dominance_entry& d) {
    std::string s;
    if (!d.dominated_by.empty()) {
        s = "dominated by ";
        for (std::size_t i = 0; i < d.dominated_by.size(); ++i) s += (i ? ", " : "") + d.dominated_by[i];
    }
    if (d.best_possible != first_place::outright) {
        if (!s.empty()) s += "; ";
        s += d.best_possible == first_place::tie_only ? "can at best tie for first: no weights rank it first alone"
                                                      : "cannot rank first under any weights, not even tied";
    }
    return s.empty() ? "not dominated" : s;
}

inline std::vector<const value_for_money_entry*> vfm_by_cost(const appraisal_result& r) {
    std::vector<const value_for_money_entry*> v;
    for (const auto& e : r.value_for_money) v.push_back(&e);
    std::stable_sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->npv_cost < b->npv_cost; });
    return v;
}

inline std::string per_million(double v) { return std::isinf(v) ? "no cost" : fixed(v, 2); }

/// What the value-for-money view counts as benefit (economics.vfm_benefit).
inline std::string vfm_benefit_text(const appraisal& m) {
    return m.economics.benefit == vfm_benefit::excluding_cost_criteria
               ? "benefit = the weighted value of the criteria that do not measure cost"
               : "benefit = total value, cost criteria included";
}

/// The value added per extra million over the comparator, or where the option lies when no ratio
/// applies (docs/economics.md, "Cost-effectiveness").
inline std::string vfm_position_text(const value_for_money_entry& v) {
    switch (v.position) {
        case cost_effectiveness::comparator: return "comparator";
        case cost_effectiveness::more_value_more_cost: return fixed(v.value_added_per_extra_cost, 2);
        case cost_effectiveness::less_value_less_cost: return fixed(v.value_added_per_extra_cost, 2) + " given up";
        case cost_effectiveness::dominant: return "dominant";
        case cost_effectiveness::dominated: return "dominated";
        case cost_effectiveness::equivalent: return "equal";
        case cost_effectiveness::no_comparator: break;
    }
    return "-";
}

/// Where an option's frontier membership switches (switching_values()): "leaves at +£1.6m",
/// "joins at -£0.5m", or "never leaves" for the option with the most benefit.
inline std::string frontier_switch_text(const option_switching_values& v, const std::string& currency) {
    if (!v.frontier.exists()) return "never leaves";
    return std::string(v.on_frontier ? "leaves at +" : "joins at -") + millions(std::fabs(v.frontier.change), currency);
}

/// Value added or extra cost over the comparator with its sign; "-" when there is none.
inline std::string signed_text(double x, int decimals) {
    if (std::isnan(x)) return "-";
    return (x > 0 ? "+" : "") + fixed(x, decimals);
}

/// Which net present cost the value-for-money view uses (docs/economics.md).
inline std::string cost_basis_text(const appraisal& m) {
    return m.economics.basis == cost_basis::with_optimism_bias ? "after optimism bias" : "before optimism bias";
}

inline std::string discount_text(const appraisal_context& c) {
    const std::string rate = fixed(c.discount_rate * 100.0, 1) + "%";
    return c.discount_schedule == discounting::green_book_declining ? "the Green Book declining schedule from " + rate : rate;
}

struct group_leader {
    std::string group;
    std::vector<std::string> leaders;  // tied leaders share first place
    double total = 0.0;
};

inline std::vector<group_leader> group_leaders(const std::vector<appraisal_result>& by_group) {
    std::vector<group_leader> out;
    for (const auto& r : by_group) {
        group_leader g{r.weights_name, {}, 0.0};
        for (const auto& ro : r.ranking)
            if (ro.rank == 1) {
                g.leaders.push_back(ro.option);
                g.total = ro.total;
            }
        out.push_back(std::move(g));
    }
    return out;
}

inline bool groups_disagree(const std::vector<group_leader>& leaders) {
    for (const auto& g : leaders)
        if (g.leaders != leaders.front().leaders) return true;
    return false;
}

inline std::string join(const std::vector<std::string>& xs, const std::string& sep) {
    std::string s;
    for (std::size_t i = 0; i < xs.size(); ++i) s += (i ? sep : "") + xs[i];
    return s;
}

inline constexpr std::size_t page_width = 100;

/// A score on its criterion's own scale, as written in the model: "55", "0–10",
/// "4–7, mode 5 (triangular)", "20–40, mode 30 (PERT)", "50 ± 8 (normal)".
inline std::string score_text(const score& s) {
    using adva::detail::short_number;
    switch (s.kind) {
        case uncertainty::point: return short_number(s.value);
        case uncertainty::range: return short_number(s.low) + "–" + short_number(s.high);
        case uncertainty::triangular:
            return short_number(s.low) + "–" + short_number(s.high) + ", mode " + short_number(s.value) + " (triangular)";
        case uncertainty::pert:
            return short_number(s.low) + "–" + short_number(s.high) + ", mode " + short_number(s.value) + " (PERT)";
        case uncertainty::normal: return short_number(s.value) + " ± " + short_number(s.sd) + " (normal)";
    }
    return short_number(s.central());
}

/// What an audit entry says besides its time and action: who, why and, for a score entry, what
/// changed. "Options board: Cabinet asked for a new criterion".
inline std::string audit_entry_text(const audit_entry& e) {
    std::string text = e.by.empty() ? std::string("(no name recorded)") : e.by;
    if (!e.reason.empty()) text += ": " + e.reason;
    if (const std::string changes = score_changes_text(e); !changes.empty()) text += "; " + changes;
    return text;
}

/// A table of text for the reports (HTML and Markdown draw it the same way).
struct text_table {
    std::string caption;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// A value function an answer gave (bisection, MACBETH scale), for a report that draws it.
struct value_curve {
    std::string criterion;  ///< id
    std::string name;       ///< criterion_name()
    std::string unit;       ///< of the measured levels
    std::vector<std::pair<double, double>> points;  ///< (level, value) by increasing level
    std::vector<std::pair<double, double>> ranges;  ///< MACBETH: each point's value range; empty for a bisection
};

/// One elicited answer as the reports' elicitation appendix shows it: its judgements (AHP matrices,
/// the MACBETH matrix, PAPRIKA levels and answers) and what they gave (swings, weights, ranges,
/// value functions).
struct elicitation_entry {
    std::string title;    ///< "Q17 — Elected members (Cabinet workshop)"
    std::string summary;  ///< elicitation_text()
    std::vector<text_table> tables;
    std::vector<value_curve> curves;
};

/// The value functions an answer gave, as the record has them.
inline std::vector<value_curve> value_curves(const appraisal& m, const answer& a) {
    std::vector<value_curve> out;
    const elicitation_outcome& o = a.elicited.outcome;
    for (const auto& [id, points] : o.value_functions) {
        value_curve v{id, criterion_name(m, id), {}, points, {}};
        if (const auto c = m.criterion_index(id)) v.unit = m.criteria[*c].value.unit;
        if (const auto r = o.value_ranges.find(id); r != o.value_ranges.end() && r->second.size() == points.size()) v.ranges = r->second;
        out.push_back(std::move(v));
    }
    return out;
}

/// What the appendix says when every weight answer gives typed swings and no value function was bisected.
inline constexpr const char* no_elicitation_text =
    "No weight was elicited by AHP, MACBETH or PAPRIKA, and no value function by bisection or MACBETH: every answer to a weight question "
    "gives its swings directly.";

inline std::vector<elicitation_entry> elicitation_appendix(const appraisal& m) {
    using adva::detail::short_number;
    std::vector<elicitation_entry> out;
    for (const auto& f : m.functions)
        for (const auto& q : f.questions)
            for (const auto& a : q.answers) {
                if (a.elicited.method == elicitation_method::swing) continue;
                elicitation_entry e;
                e.title = q.id + " — " + group_name(m, a.group) + (a.by.empty() ? "" : " (" + a.by + ")");
                e.summary = elicitation_text(a);
                const auto& c = q.criteria;
                const auto position = [&](const std::string& id) {
                    return std::size_t(std::find(c.begin(), c.end(), id) - c.begin());  // c.size(): "[all lower]"
                };
                if (a.elicited.method == elicitation_method::bisection) {
                    // A value function, not weights: each criterion's midpoints and the breakpoints they give.
                    for (const auto& [id, curve] : a.elicited.bisection.curves) {
                        text_table t{"Bisection of " + criterion_name(m, id) + ": worst level " + short_number(curve.worst) + " (value 0), best " +
                                         short_number(curve.best) + " (value 100), then each level halfway in value, in the order asked",
                                     {"#", "Value", "Level"},
                                     {}};
                        for (std::size_t k = 0; k < curve.midpoints.size(); ++k)
                            t.rows.push_back({std::to_string(k + 1), short_number(curve.midpoints[k].value), short_number(curve.midpoints[k].level)});
                        e.tables.push_back(std::move(t));
                        if (const auto it = a.elicited.outcome.value_functions.find(id); it != a.elicited.outcome.value_functions.end()) {
                            text_table f{"The value function of " + criterion_name(m, id) + " (linear between breakpoints)", {"Level", "Value"}, {}};
                            for (const auto& [level, value] : it->second) f.rows.push_back({short_number(level), short_number(value)});
                            e.tables.push_back(std::move(f));
                        }
                    }
                    e.curves = value_curves(m, a);
                    out.push_back(std::move(e));
                    continue;
                }
                const auto category_text = [](const auto& j) {
                    std::string category(to_string(j.lowest));
                    if (j.highest != j.lowest) category += " to " + std::string(to_string(j.highest));
                    std::replace(category.begin(), category.end(), '_', ' ');
                    return category;
                };
                if (!a.elicited.macbeth.scales.empty()) {
                    // MACBETH value scales: each criterion's judgement matrix over its levels, then the scale.
                    for (const auto& [id, scale] : a.elicited.macbeth.scales) {
                        const auto& levels = scale.levels;
                        text_table t{"MACBETH judgements between the levels of " + criterion_name(m, id) +
                                         " (difference in attractiveness, the row's level over the column's)",
                                     {""},
                                     {}};
                        for (const double level : levels) t.header.push_back(short_number(level));
                        std::vector<std::vector<std::string>> cells(levels.size(), std::vector<std::string>(levels.size()));
                        const auto at = [&](double level) { return std::size_t(std::find(levels.begin(), levels.end(), level) - levels.begin()); };
                        for (std::size_t i = 0; i < levels.size(); ++i) cells[i][i] = "—";
                        for (const auto& j : scale.judgements)
                            if (at(j.more) < levels.size() && at(j.less) < levels.size()) cells[at(j.more)][at(j.less)] = category_text(j);
                        for (std::size_t i = 0; i < levels.size(); ++i) {
                            t.rows.push_back({short_number(levels[i])});
                            t.rows.back().insert(t.rows.back().end(), cells[i].begin(), cells[i].end());
                        }
                        e.tables.push_back(std::move(t));
                        const auto points = a.elicited.outcome.value_functions.find(id);
                        if (points == a.elicited.outcome.value_functions.end()) continue;
                        const auto ranges = a.elicited.outcome.value_ranges.find(id);
                        text_table f{"The value scale of " + criterion_name(m, id) +
                                         " (least attractive level 0, most attractive 100; linear between levels) and the range "
                                         "within which each value fits the judgements, the others fixed",
                                     {"Level", "Value", "Range"},
                                     {}};
                        for (std::size_t k = 0; k < points->second.size(); ++k) {
                            const bool ranged = ranges != a.elicited.outcome.value_ranges.end() && k < ranges->second.size();
                            f.rows.push_back({short_number(points->second[k].first), fixed(points->second[k].second, 1),
                                              ranged ? fixed(ranges->second[k].first, 1) + "–" + fixed(ranges->second[k].second, 1) : ""});
                        }
                        e.tables.push_back(std::move(f));
                    }
                    e.curves = value_curves(m, a);
                    out.push_back(std::move(e));
                    continue;
                }
                if (a.elicited.method == elicitation_method::ahp) {
                    for (std::size_t k = 0; k < a.elicited.ahp.judges.size(); ++k) {
                        const ahp_judge& judge = a.elicited.ahp.judges[k];
                        text_table t;
                        const auto& ratios = a.elicited.outcome.judge_consistency_ratios;
                        t.caption = "Judge " + (judge.by.empty() ? std::to_string(k + 1) : judge.by) +
                                    (k < ratios.size() ? ": consistency ratio " + fixed(ratios[k], 3) : std::string()) +
                                    " (row over column: how many times as important)";
                        t.header.push_back("");
                        t.header.insert(t.header.end(), c.begin(), c.end());
                        std::vector<std::vector<std::string>> cells(c.size(), std::vector<std::string>(c.size(), "1"));
                        for (const auto& r : judge.judgements) {
                            const std::size_t i = position(r.more), j = position(r.less);
                            if (i >= c.size() || j >= c.size()) continue;
                            cells[i][j] = short_number(r.ratio);
                            cells[j][i] = r.ratio == 1.0 ? "1" : "1/" + short_number(r.ratio);
                        }
                        for (std::size_t i = 0; i < c.size(); ++i) {
                            t.rows.push_back({c[i]});
                            t.rows.back().insert(t.rows.back().end(), cells[i].begin(), cells[i].end());
                        }
                        e.tables.push_back(std::move(t));
                    }
                } else if (a.elicited.method == elicitation_method::macbeth) {
                    text_table t;
                    t.caption = "Judgements of difference in attractiveness (the row's swing over the column's)";
                    t.header.push_back("");
                    t.header.insert(t.header.end(), c.begin(), c.end());
                    t.header.emplace_back(macbeth_all_lower);
                    std::vector<std::vector<std::string>> cells(c.size(), std::vector<std::string>(c.size() + 1));
                    for (std::size_t i = 0; i < c.size(); ++i) cells[i][i] = "—";
                    for (const auto& j : a.elicited.macbeth.judgements) {
                        const std::size_t row = position(j.more), column = position(j.less);
                        if (row >= c.size()) continue;
                        cells[row][column] = category_text(j);
                    }
                    for (std::size_t i = 0; i < c.size(); ++i) {
                        t.rows.push_back({c[i]});
                        t.rows.back().insert(t.rows.back().end(), cells[i].begin(), cells[i].end());
                    }
                    e.tables.push_back(std::move(t));
                } else {
                    const auto& p = a.elicited.paprika;
                    text_table levels{"Levels, worst first, and their points (top levels sum to 100)", {"Criterion", "Levels", "Points"}, {}};
                    for (const auto& id : c) {
                        const auto l = p.levels.find(id);
                        const auto pts = a.elicited.outcome.level_points.find(id);
                        std::vector<std::string> points;
                        if (pts != a.elicited.outcome.level_points.end())
                            for (double x : pts->second) points.push_back(fixed(x, 1));
                        levels.rows.push_back({id, l == p.levels.end() ? std::string() : join(l->second, " < "), join(points, ", ")});
                    }
                    e.tables.push_back(std::move(levels));
                    text_table answers{"Answers: which of two alternatives, the same on every other criterion, is better", {"#", "a", "b", "Answer"}, {}};
                    const auto side = [&](const std::vector<std::pair<std::string, std::size_t>>& levels_of) {
                        std::vector<std::string> parts;
                        for (const auto& [id, level] : levels_of) {
                            const auto l = p.levels.find(id);
                            parts.push_back(id + ": " + (l != p.levels.end() && level < l->second.size() ? l->second[level] : std::to_string(level)));
                        }
                        return join(parts, "; ");
                    };
                    for (std::size_t k = 0; k < p.answers.size(); ++k) {
                        const auto& x = p.answers[k];
                        answers.rows.push_back({std::to_string(k + 1), side(x.a), side(x.b),
                                                x.answer == paprika_answer::a_better ? "a" : x.answer == paprika_answer::b_better ? "b" : "equal"});
                    }
                    e.tables.push_back(std::move(answers));
                }
                double total = 0;
                for (const auto& id : c)
                    if (const auto it = a.swing.find(id); it != a.swing.end()) total += it->second;
                text_table derived{"What the judgements give", {"Criterion", "Swing", "Weight in the question", "Weight range"}, {}};
                for (const auto& id : c) {
                    const auto it = a.swing.find(id);
                    const auto range = a.elicited.outcome.weight_ranges.find(id);
                    derived.rows.push_back({criterion_name(m, id), it == a.swing.end() ? std::string() : fixed(it->second, 1),
                                            it == a.swing.end() || total <= 0 ? std::string() : fixed(100 * it->second / total, 1) + "%",
                                            range == a.elicited.outcome.weight_ranges.end()
                                                ? std::string()
                                                : fixed(100 * range->second.first, 1) + "% to " + fixed(100 * range->second.second, 1) + "%"});
                }
                e.tables.push_back(std::move(derived));
                out.push_back(std::move(e));
            }
    return out;
}

}  // namespace adva::io::report_text
