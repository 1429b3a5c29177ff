#pragma once
// Internal to adva::io: the JSON spelling of every enum of the model (docs/model-format.md), shared
// by the reader, the writer and validate() so messages use the words the user wrote.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "adva/io/decode.hpp"
#include "adva/model/appraisal.hpp"

namespace adva::io::detail {

template <class E>
struct enum_names;

#define ADVA_ENUM_NAMES(E, N, ...)                                                 \
    template <>                                                                    \
    struct enum_names<E> {                                                         \
        static constexpr std::array<std::pair<E, std::string_view>, N> table{{__VA_ARGS__}}; \
    };

ADVA_ENUM_NAMES(discounting, 2, {discounting::constant, "constant"},
                {discounting::green_book_declining, "green_book_declining"})
ADVA_ENUM_NAMES(consensus_method, 3, {consensus_method::arithmetic_mean, "arithmetic_mean"},
                {consensus_method::geometric_mean, "geometric_mean"}, {consensus_method::lead_group, "lead_group"})
ADVA_ENUM_NAMES(question_kind, 4, {question_kind::weight, "weight"}, {question_kind::gate, "gate"},
                {question_kind::anchor, "anchor"}, {question_kind::context, "context"})
ADVA_ENUM_NAMES(direction, 2, {direction::higher_is_better, "higher_is_better"},
                {direction::lower_is_better, "lower_is_better"})
ADVA_ENUM_NAMES(scale_type, 2, {scale_type::fixed, "fixed"}, {scale_type::relative, "relative"})
ADVA_ENUM_NAMES(value_function_kind, 4, {value_function_kind::direct, "direct"},
                {value_function_kind::linear, "linear"}, {value_function_kind::piecewise_linear, "piecewise_linear"},
                {value_function_kind::exponential, "exponential"})
ADVA_ENUM_NAMES(attribute_type, 3, {attribute_type::boolean, "boolean"}, {attribute_type::number, "number"},
                {attribute_type::text, "text"})
ADVA_ENUM_NAMES(comparison, 8, {comparison::equal, "equals"}, {comparison::not_equal, "not_equals"},
                {comparison::less, "less"}, {comparison::less_equal, "less_equal"}, {comparison::greater, "greater"},
                {comparison::greater_equal, "greater_equal"}, {comparison::one_of, "one_of"},
                {comparison::none_of, "none_of"})
ADVA_ENUM_NAMES(gate_kind, 3, {gate_kind::attribute, "attribute"}, {gate_kind::threshold, "threshold"},
                {gate_kind::affordability, "affordability"})
ADVA_ENUM_NAMES(unknown_policy, 2, {unknown_policy::keep, "keep"}, {unknown_policy::discount, "discount"})
ADVA_ENUM_NAMES(uncertainty, 5, {uncertainty::point, "point"}, {uncertainty::range, "range"},
                {uncertainty::triangular, "triangular"}, {uncertainty::pert, "pert"}, {uncertainty::normal, "normal"})
ADVA_ENUM_NAMES(cost_kind, 4, {cost_kind::one_off, "one_off"}, {cost_kind::recurring, "recurring"},
                {cost_kind::saving, "saving"}, {cost_kind::contingency, "contingency"})
ADVA_ENUM_NAMES(cost_category, 2, {cost_category::revenue, "revenue"}, {cost_category::capital, "capital"})
ADVA_ENUM_NAMES(price_basis, 2, {price_basis::real, "real"}, {price_basis::nominal, "nominal"})
ADVA_ENUM_NAMES(benefit_discounting, 2, {benefit_discounting::standard, "standard"}, {benefit_discounting::health, "health"})
ADVA_ENUM_NAMES(vfm_benefit, 2, {vfm_benefit::excluding_cost_criteria, "excluding_cost_criteria"},
                {vfm_benefit::total_value, "total_value"})
ADVA_ENUM_NAMES(vfm_comparator, 2, {vfm_comparator::business_as_usual, "business_as_usual"},
                {vfm_comparator::do_minimum, "do_minimum"})
ADVA_ENUM_NAMES(cost_basis, 2, {cost_basis::with_optimism_bias, "with_optimism_bias"},
                {cost_basis::before_optimism_bias, "before_optimism_bias"})
ADVA_ENUM_NAMES(elicitation_method, 5, {elicitation_method::swing, "swing"}, {elicitation_method::ahp, "ahp"},
                {elicitation_method::macbeth, "macbeth"}, {elicitation_method::paprika, "paprika"},
                {elicitation_method::bisection, "bisection"})
ADVA_ENUM_NAMES(macbeth_category, 7, {macbeth_category::no_difference, "no_difference"},
                {macbeth_category::very_weak, "very_weak"}, {macbeth_category::weak, "weak"},
                {macbeth_category::moderate, "moderate"}, {macbeth_category::strong, "strong"},
                {macbeth_category::very_strong, "very_strong"}, {macbeth_category::extreme, "extreme"})
ADVA_ENUM_NAMES(paprika_answer, 3, {paprika_answer::a_better, "a_better"}, {paprika_answer::b_better, "b_better"},
                {paprika_answer::equal, "equal"})
ADVA_ENUM_NAMES(ahp_priority, 3, {ahp_priority::eigenvector, "eigenvector"}, {ahp_priority::geometric_mean, "geometric_mean"},
                {ahp_priority::column_mean, "column_mean"})
ADVA_ENUM_NAMES(random_index_table, 4, {random_index_table::saaty, "saaty"}, {random_index_table::saaty_2005, "saaty_2005"},
                {random_index_table::alonso_lamata, "alonso_lamata"}, {random_index_table::donegan_dodd, "donegan_dodd"})
ADVA_ENUM_NAMES(ahp_aggregation, 2, {ahp_aggregation::judgements, "judgements"}, {ahp_aggregation::priorities, "priorities"})

#undef ADVA_ENUM_NAMES

template <class E>
std::string_view name_of(E value) {
    for (const auto& [e, n] : enum_names<E>::table)
        if (e == value) return n;
    return "?";
}

template <class E>
std::optional<E> from_name(std::string_view name) {
    for (const auto& [e, n] : enum_names<E>::table)
        if (n == name) return e;
    return std::nullopt;
}

/// `"a", "b" or "c"` — the admissible spellings, for messages.
template <class E>
std::string names_list() {
    std::string s;
    const auto& t = enum_names<E>::table;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i > 0) s += (i + 1 == t.size()) ? " or " : ", ";
        s += '"';
        s += t[i].second;
        s += '"';
    }
    return s;
}

/// Quotes a text for the "seen" part of a message, truncated so a huge value never floods a message.
inline std::string quoted(std::string_view text, std::size_t max = 60) {
    std::string s = "\"";
    if (text.size() > max) {
        s += text.substr(0, max - 3);
        s += "...";
    } else {
        s += text;
    }
    return s + "\"";
}

/// Shortest text that reads back as the same double (for "seen" values).
std::string number_text(double x);

}  // namespace adva::io::detail
