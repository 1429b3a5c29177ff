// adva._core: the elicitation engines on their own — a MACBETH scale of any elements (options or
// performance levels) and PAPRIKA on criteria with discrete levels (docs/elicitation.md). The
// pure-Python layer (adva.elicitation) names the elements and checks the categories and answers;
// here they cross as indices and the engines' results come back as a dict.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nanobind/eigen/dense.h>
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "adva/error.hpp"
#include "adva/weights/macbeth.hpp"
#include "adva/weights/paprika.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

/// A category's number (0 no difference ... 6 extreme), checked: the Python layer sends names it
/// has checked, so this guards the enum against a direct call of adva._core.
macbeth_category category(int k, const std::string& where) {
    if (k < 0 || k > 6) throw invalid_input("adva.python.argument", where, "a MACBETH category is 0 (no difference) to 6 (extreme)", std::to_string(k));
    return static_cast<macbeth_category>(k);
}

/// (more, less, lowest, highest) by element index and category number.
using index_judgement = std::tuple<std::size_t, std::size_t, int, int>;

nb::dict scale_dict(const macbeth_scale& s) {
    nb::dict d;
    d["consistent"] = s.consistent;
    d["basic"] = s.basic;
    d["scores"] = s.scores;
    d["lower"] = s.lower;
    d["upper"] = s.upper;
    d["thresholds"] = s.thresholds;
    d["tie_rule"] = s.tie_rule_name;
    d["anchoring"] = std::string(to_string(s.anchoring));
    d["bottom"] = s.bottom;
    d["top"] = s.top;
    nb::list suggestions;
    for (const macbeth_suggestion& x : s.suggestions) {
        nb::dict e;
        e["judgement"] = x.judgement;
        e["more"] = x.more;
        e["less"] = x.less;
        e["change"] = std::string(to_string(x.change));
        e["now"] = nb::make_tuple(std::string(to_string(x.lowest_now)), std::string(to_string(x.highest_now)));
        e["suggested"] = nb::make_tuple(std::string(to_string(x.lowest_suggested)), std::string(to_string(x.highest_suggested)));
        e["shift"] = x.shift;
        suggestions.append(e);
    }
    d["suggestions"] = suggestions;
    return d;
}

}  // namespace

void register_elicitation(nb::module_& m) {
    m.def(
        "macbeth",
        [](std::size_t elements, const std::vector<index_judgement>& judgements, std::optional<std::size_t> neutral,
           std::optional<std::size_t> good) {
            macbeth_problem p{.elements = elements, .judgements = {}, .neutral = neutral, .good = good};
            for (std::size_t k = 0; k < judgements.size(); ++k) {
                const auto& [more, less, lowest, highest] = judgements[k];
                const std::string where = "/judgements/" + std::to_string(k) + "/category";
                p.judgements.push_back({more, less, category(lowest, where), category(highest, where)});
            }
            return scale_dict(macbeth(p));
        },
        nb::arg("elements"), nb::arg("judgements"), nb::arg("neutral") = nb::none(), nb::arg("good") = nb::none(),
        "The MACBETH scale of `elements` elements from judgements (more, less, lowest, highest): element indices and "
        "category numbers 0 (no difference) to 6 (extreme); neutral and good (both or neither) anchor it at 0 and 100.");
    m.def(
        "paprika",
        [](const std::vector<std::size_t>& levels,
           const std::vector<std::tuple<std::vector<std::pair<std::size_t, std::size_t>>, std::vector<std::pair<std::size_t, std::size_t>>, int>>&
               answers,
           std::size_t max_criteria) {
            std::vector<std::pair<paprika_question, paprika_answer>> given;
            for (std::size_t k = 0; k < answers.size(); ++k) {
                const auto& [a, b, answer] = answers[k];
                if (answer < 0 || answer > 2)
                    throw invalid_input("adva.python.argument", "/answers/" + std::to_string(k) + "/answer",
                                        "an answer is 0 (a better), 1 (b better) or 2 (equal)", std::to_string(answer));
                paprika_question q;
                for (const auto& [c, l] : a) q.a.push_back({c, l});
                for (const auto& [c, l] : b) q.b.push_back({c, l});
                given.emplace_back(std::move(q), static_cast<paprika_answer>(answer));
            }
            paprika_parameters parameters;
            parameters.max_criteria = max_criteria;
            const paprika_result r = paprika(levels, given, parameters);
            nb::dict d;
            d["consistent"] = r.consistent;
            d["conflict"] = r.conflict;
            d["points"] = r.points;
            d["weights"] = r.weights;
            std::vector<std::pair<double, double>> ranges;
            for (const auto& w : r.weight_ranges) ranges.emplace_back(w.min, w.max);
            d["weight_ranges"] = ranges;
            d["questions_possible"] = r.questions_possible;
            d["questions_asked"] = r.questions_asked;
            d["questions_implied"] = r.questions_implied;
            d["point_rule"] = std::string(to_string(r.parameters.point_rule));
            return d;
        },
        nb::arg("levels"), nb::arg("answers"), nb::arg("max_criteria") = 2,
        "PAPRIKA on criteria with levels[c] levels each: answers (a, b, answer) with a and b lists of (criterion, level) "
        "and answer 0 (a better), 1 (b better) or 2 (equal); the points, weights, ranges and question counts.");
}

}  // namespace adva::python
