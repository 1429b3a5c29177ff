#pragma once
// Scenario generators and the scenario source (docs/batch.md). A generator describes a family of
// scenarios without listing them; scenario k of a generator is computed from k alone (mixed-radix
// decoding), so a source of 10^9 scenarios takes the memory of its description.
//
//   weight_sweep  every node in `nodes`, one at a time, at every percentage of percents[0]
//                 (nodes × percentages scenarios; node-major)
//   weight_grid   every combination of one percentage per node (Π |percents[n]|; last node fastest)
//   score_sweep   one option's score on one leaf set to each value of `scores`
//   stakeholders  one scenario per group's weights ("consensus" = the consensus)
//   cost_sweep    one option's cost line, or all its cost lines, scaled by each percentage
//   optimism_bias_sweep  the mitigation share of one optimism-bias category's cost lines (or of every
//                 line with a category), in one option or in all, set to each value
//   transition_sweep  one parameter of one option's transition (start, dip_depth, dip_duration,
//                 recovery_rate, long_run_level), or the year a sequenced option's step begins
//                 ("from"), set to each value: a merge patch of the improvement section, so the
//                 model's trajectory-derived scores follow it (docs/trajectories.md)
//   product       the cartesian product of `factors` (last factor fastest); changes accumulate
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adva/analysis/economics.hpp"
#include "adva/analysis/results.hpp"
#include "adva/error.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/scenario/scenario.hpp"

namespace adva {

enum class generator_kind { weight_sweep, weight_grid, score_sweep, stakeholders, cost_sweep, optimism_bias_sweep, transition_sweep, product };

inline const char* to_string(generator_kind k) noexcept {
    switch (k) {
        case generator_kind::weight_sweep: return "weight_sweep";
        case generator_kind::weight_grid: return "weight_grid";
        case generator_kind::score_sweep: return "score_sweep";
        case generator_kind::transition_sweep: return "transition_sweep";
        case generator_kind::stakeholders: return "stakeholders";
        case generator_kind::cost_sweep: return "cost_sweep";
        case generator_kind::optimism_bias_sweep: return "optimism_bias_sweep";
        case generator_kind::product: return "product";
    }
    return "product";
}

/// Largest number of scenarios one source may describe (exact in a double, and far beyond a run).
inline constexpr std::uint64_t max_scenarios = std::uint64_t(1) << 53;

namespace detail {
/// Appends "+10", "-2.5": a percentage or score as people write it (printf's %.6g, with a '+'
/// before a non-negative number when `plus`). A batch labels every scenario, so this avoids
/// printf and, for whole numbers, the floating-point formatter.
inline void append_signed_number(std::string& out, double v, bool plus) {
    char buf[32];
    char* at = buf;
    if (plus && !std::signbit(v)) *at++ = '+';
    // Whole numbers below 10^6 in magnitude print as integers under %.6g ("-0" keeps its sign).
    const bool whole = std::abs(v) < 1e6 && v == std::trunc(v) && !(v == 0.0 && std::signbit(v));
    const auto r = whole ? std::to_chars(at, buf + sizeof buf, static_cast<long>(v))
                         : std::to_chars(at, buf + sizeof buf, v, std::chars_format::general, 6);
    out.append(buf, r.ptr);
}

inline std::string signed_number(double v, bool plus) {
    std::string out;
    append_signed_number(out, v, plus);
    return out;
}
}  // namespace detail

struct generator {
    generator_kind kind = generator_kind::weight_sweep;
    std::vector<std::size_t> nodes;               ///< weight_sweep / weight_grid: criterion indices
    /// weight_sweep and cost_sweep: one list; weight_grid: one per node
    std::vector<std::vector<double>> percents;
    /// score_sweep; option also cost_sweep and optimism_bias_sweep (optimism_bias_change::all_options:
    /// every option)
    std::size_t option = 0, criterion = 0;
    std::vector<double> scores;                   ///< score_sweep
    std::vector<std::string> groups;              ///< stakeholders
    std::size_t line = cost_change::all_lines;    ///< cost_sweep: the line, or every line of the option
    std::string category;                         ///< optimism_bias_sweep: "" = every category
    std::vector<double> mitigations;              ///< optimism_bias_sweep
    std::string parameter;                        ///< transition_sweep: a transition parameter, or "from"
    std::size_t step = 0;                         ///< transition_sweep of "from": the sequence's step
    std::vector<double> levels;                   ///< transition_sweep
    std::vector<generator> factors;               ///< product

    /// Number of scenarios (saturates at max_scenarios + 1; sources refuse more than max_scenarios).
    std::uint64_t count() const {
        switch (kind) {
            case generator_kind::weight_sweep:
                return percents.empty() ? 0 : product_of(2, [&](std::size_t i) { return std::uint64_t(i ? percents.front().size() : nodes.size()); });
            case generator_kind::weight_grid: return product_of(percents.size(), [&](std::size_t i) { return std::uint64_t(percents[i].size()); });
            case generator_kind::score_sweep: return scores.size();
            case generator_kind::stakeholders: return groups.size();
            case generator_kind::cost_sweep: return percents.empty() ? 0 : percents.front().size();
            case generator_kind::optimism_bias_sweep: return mitigations.size();
            case generator_kind::transition_sweep: return levels.size();
            case generator_kind::product: return product_of(factors.size(), [&](std::size_t i) { return factors[i].count(); });
        }
        return 0;
    }

    /// Appends the changes of scenario k (< count()) to `s`, and their description to s.label.
    void apply(std::uint64_t k, const appraisal& model, scenario& s) const {
        switch (kind) {
            case generator_kind::weight_sweep: {
                const auto& p = percents.front();
                add_weight(model, s, nodes[std::size_t(k / p.size())], p[std::size_t(k % p.size())]);
                return;
            }
            case generator_kind::weight_grid: {
                // Mixed radix, last axis fastest: peel the axes off from the first.
                std::uint64_t stride = count();
                for (std::size_t a = 0; a < nodes.size(); ++a) {
                    stride /= percents[a].size();
                    add_weight(model, s, nodes[a], percents[a][std::size_t(k / stride)]);
                    k %= stride;
                }
                return;
            }
            case generator_kind::score_sweep: {
                const double v = scores[std::size_t(k)];
                s.scores.push_back({option, criterion, v});
                append_label(s, model.options[option].id + "." + model.criteria[criterion].id + "=" +
                                    detail::signed_number(v, false));
                return;
            }
            case generator_kind::stakeholders:
                s.group = groups[std::size_t(k)];
                append_label(s, s.group);
                return;
            case generator_kind::cost_sweep: {
                const double p = percents.front()[std::size_t(k)];
                s.costs.push_back({option, line, p});
                const auto& opt = model.options[option];
                const std::string what = line == cost_change::all_lines ? "costs" : detail::line_id(opt.costs[line].id, "costs", line);
                append_label(s, opt.id + "." + what);
                detail::append_signed_number(s.label, p, true);
                s.label += '%';
                return;
            }
            case generator_kind::optimism_bias_sweep: {
                const double v = mitigations[std::size_t(k)];
                s.optimism_bias.push_back({category, option, v});
                std::string part = option == optimism_bias_change::all_options ? std::string{} : model.options[option].id + ".";
                part += "mitigation";
                if (!category.empty()) part += "[" + category + "]";
                part += "=";
                detail::append_signed_number(part, v, false);
                append_label(s, part);
                return;
            }
            case generator_kind::transition_sweep: {
                const double v = levels[std::size_t(k)];
                const std::string& id = model.options[option].id;
                nlohmann::json& patch = s.patch ? *s.patch : s.patch.emplace(nlohmann::json::object());
                nlohmann::json& entry = patch["improvement"]["transitions"][id];
                if (parameter == "from") {
                    // A merge patch replaces a list whole: the sequence as it stands in the patch (or the
                    // model), with the step's year changed.
                    if (!entry.contains("sequence")) {
                        nlohmann::json steps = nlohmann::json::array();
                        for (const auto& st : find_trajectory(model.improvement->transitions, id)->sequence)
                            steps.push_back({{"option", st.option}, {"from", st.from}});
                        entry["sequence"] = std::move(steps);
                    }
                    entry["sequence"][step]["from"] = v;
                } else {
                    entry[parameter] = v;
                }
                std::string part = id + "." + parameter;
                if (parameter == "from") part += "[" + std::to_string(step) + "]";
                part += "=";
                detail::append_signed_number(part, v, false);
                append_label(s, part);
                return;
            }
            case generator_kind::product: {
                std::uint64_t stride = count();
                for (const auto& f : factors) {
                    stride /= f.count();
                    f.apply(k / stride, model, s);
                    k %= stride;
                }
                return;
            }
        }
    }

private:
    template <class Size>
    static std::uint64_t product_of(std::size_t n, Size size) {
        if (n == 0) return 0;
        std::uint64_t total = 1;
        bool saturated = false;  // a zero factor still makes the product 0
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t c = size(i);
            if (c == 0) return 0;
            saturated = saturated || __builtin_mul_overflow(total, c, &total) || total > max_scenarios;
        }
        if (saturated) return max_scenarios + 1;  // refused by the source
        return total;
    }
    static void append_label(scenario& s, const std::string& part) {
        if (!s.label.empty()) s.label += ',';
        s.label += part;
    }
    static void add_weight(const appraisal& model, scenario& s, std::size_t node, double percent) {
        s.weights.push_back({node, percent});
        append_label(s, model.criteria[node].id);
        detail::append_signed_number(s.label, percent, true);
        s.label += '%';
    }
};

/// A generator as declared in a scenario file: its ids are "<id>/<k>".
struct named_generator {
    std::string id;
    std::string pointer;   ///< /generators/<n>
    generator family;
    analysis_request analyses;
};

/// The scenarios of a batch: explicit ones first (indices 0 … E−1, file order), then every
/// generator's in declaration order. Scenario i is built from i alone (at()); nothing is expanded.
class scenario_source {
public:
    std::shared_ptr<const appraisal> base;   ///< the validated base model
    std::filesystem::path model_file;        ///< the file it was read from (empty: embedded or built in)
    appraise_options settings;               ///< base weights (group or consensus), relative basis, ties
    std::vector<scenario> explicit_scenarios;
    std::vector<named_generator> generators;
    /// The model of a scenario with a merge patch: the base's JSON with the patch applied, read
    /// back and validated. Set by the scenario reader (adva::io); a patched scenario of a source
    /// without it ends in adva.scenario.patch_unsupported.
    std::function<appraisal(const nlohmann::json& patch)> patch_base;

    /// Number of scenarios; saturates at max_scenarios + 1 (a file describing more is refused).
    std::uint64_t count() const {
        std::uint64_t n = explicit_scenarios.size();
        for (const auto& g : generators) n = std::min(n + g.family.count(), max_scenarios + 1);  // each term <= 2^53 + 1: no wrap
        return n;
    }

    /// Fills `out` with scenario i (< count()); reuses out's buffers.
    void at(std::uint64_t i, scenario& out) const {
        out.clear();
        out.index = i;
        if (i < explicit_scenarios.size()) {
            const auto& e = explicit_scenarios[std::size_t(i)];
            out = e;
            out.index = i;
            return;
        }
        i -= explicit_scenarios.size();
        for (const auto& g : generators) {
            const std::uint64_t n = g.family.count();
            if (i < n) {
                out.id = g.id;
                out.id += '/';
                char digits[24];
                out.id.append(digits, std::to_chars(digits, digits + sizeof digits, i).ptr);
                out.pointer = g.pointer;
                out.analyses = g.analyses;
                g.family.apply(i, *base, out);
                return;
            }
            i -= n;
        }
        throw invalid_input("adva.scenario.index", "index", "scenario index beyond the source's count",
                            std::to_string(out.index));
    }

    /// The id of scenario i, without building its changes.
    std::string id_at(std::uint64_t i) const {
        if (i < explicit_scenarios.size()) return explicit_scenarios[std::size_t(i)].id;
        std::uint64_t k = i - explicit_scenarios.size();
        for (const auto& g : generators) {
            const std::uint64_t n = g.family.count();
            if (k < n) return g.id + "/" + std::to_string(k);
            k -= n;
        }
        throw invalid_input("adva.scenario.index", "index", "scenario index beyond the source's count", std::to_string(i));
    }
};

}  // namespace adva
