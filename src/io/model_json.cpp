// JSON model format v1: bounded parsing, the strict reader and saving (the writer is the model's
// canonical form, compiled into adva::core: src/core/model_writer.cpp).
#include "adva/io/model_json.hpp"

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <iterator>
#include <set>

#include "adva/analysis/trajectory.hpp"
#include "adva/error.hpp"
#include "adva/error_sink.hpp"
#include "adva/weights/elicitation.hpp"
#include "json_names.hpp"
#include "json_reading.hpp"

namespace adva::io {

namespace {

using nlohmann::json;
using detail::from_name;
using detail::name_of;
using detail::names_list;

// ------------------------------------------------------------------------------------------------
// The strict reader: every value's type is checked and every key must be known (the shared
// vocabulary of json_reading.hpp). Pointers are built as the document is walked so every error
// names its place.

using detail::as_bool;
using detail::as_int;
using detail::as_number;
using detail::as_string;
using detail::type_error;
using key_pointer_fn = std::string (*)(const std::string&, std::string_view);
constexpr key_pointer_fn key_pointer = detail::child;
void expect_object(const json& j, const std::string& where, std::initializer_list<std::string_view> allowed) {
    detail::check_keys(j, where, allowed);
}
constexpr auto optional_key = detail::optional;
constexpr auto required_key = detail::required;

template <class E>
E as_enum(const json& j, const std::string& where) {
    if (j.is_string())
        if (auto e = from_name<E>(j.get_ref<const std::string&>())) return *e;
    type_error(where, "one of " + names_list<E>(), j);
}

attribute_value as_attribute_value(const json& j, const std::string& where) {
    if (j.is_boolean()) return j.get<bool>();
    if (j.is_number()) return j.get<double>();
    if (j.is_string()) return j.get<std::string>();
    type_error(where, "a boolean, a number or a string", j);
}

template <class F>
void for_each_element(const json& j, const std::string& where, F&& f) {
    if (!j.is_array()) type_error(where, "an array", j);
    for (std::size_t i = 0; i < j.size(); ++i) f(j[i], where + "/" + std::to_string(i));
}

std::vector<std::string> as_string_list(const json& j, const std::string& where) {
    std::vector<std::string> out;
    for_each_element(j, where, [&](const json& e, const std::string& p) { out.push_back(as_string(e, p)); });
    return out;
}

// Reads an optional key into `target` with `convert`.
template <class T, class Convert>
void read_optional(const json& object, const std::string& where, std::string_view key, T& target, Convert convert) {
    if (const json* v = optional_key(object, key)) target = convert(*v, key_pointer(where, key));
}

auto string_reader = [](const json& j, const std::string& p) { return as_string(j, p); };
auto number_reader = [](const json& j, const std::string& p) { return as_number(j, p); };
auto bool_reader = [](const json& j, const std::string& p) { return as_bool(j, p); };
auto int_reader = [](const json& j, const std::string& p) { return as_int(j, p); };
template <class E>
auto enum_reader = [](const json& j, const std::string& p) { return as_enum<E>(j, p); };

appraisal_context read_context(const json& j, const std::string& w) {
    expect_object(j, w, {"title", "organisation", "service", "trigger", "base_year", "horizon_years",
                         "discount_rate", "discount_schedule", "currency"});
    appraisal_context c;
    read_optional(j, w, "title", c.title, string_reader);
    read_optional(j, w, "organisation", c.organisation, string_reader);
    read_optional(j, w, "service", c.service, string_reader);
    read_optional(j, w, "trigger", c.trigger, string_reader);
    read_optional(j, w, "base_year", c.base_year, int_reader);
    read_optional(j, w, "horizon_years", c.horizon_years, int_reader);
    read_optional(j, w, "discount_rate", c.discount_rate, number_reader);
    read_optional(j, w, "discount_schedule", c.discount_schedule, enum_reader<discounting>);
    read_optional(j, w, "currency", c.currency, string_reader);
    return c;
}

stakeholder_group read_group(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "name", "description", "influence", "influence_reason"});
    stakeholder_group g;
    g.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    read_optional(j, w, "name", g.name, string_reader);
    read_optional(j, w, "description", g.description, string_reader);
    read_optional(j, w, "influence", g.influence, number_reader);
    read_optional(j, w, "influence_reason", g.influence_reason, string_reader);
    return g;
}

consensus_rule read_consensus(const json& j, const std::string& w) {
    expect_object(j, w, {"method", "lead_group"});
    consensus_rule c;
    read_optional(j, w, "method", c.method, enum_reader<consensus_method>);
    read_optional(j, w, "lead_group", c.lead_group, string_reader);
    return c;
}

ratio_judgement read_ratio_judgement(const json& j, const std::string& w) {
    expect_object(j, w, {"more", "less", "ratio"});
    ratio_judgement r;
    r.more = as_string(required_key(j, w, "more"), key_pointer(w, "more"));
    r.less = as_string(required_key(j, w, "less"), key_pointer(w, "less"));
    r.ratio = as_number(required_key(j, w, "ratio"), key_pointer(w, "ratio"));
    return r;
}

ahp_judge read_ahp_judge(const json& j, const std::string& w) {
    expect_object(j, w, {"by", "judgements"});
    ahp_judge judge;
    read_optional(j, w, "by", judge.by, string_reader);
    for_each_element(required_key(j, w, "judgements"), key_pointer(w, "judgements"),
                     [&](const json& e, const std::string& p) { judge.judgements.push_back(read_ratio_judgement(e, p)); });
    return judge;
}

ahp_elicitation read_ahp_elicitation(const json& j, const std::string& w) {
    expect_object(j, w, {"priority", "random_index", "aggregation", "acceptable_consistency_ratio", "judges"});
    ahp_elicitation a;
    read_optional(j, w, "priority", a.priority, enum_reader<ahp_priority>);
    read_optional(j, w, "random_index", a.random_index, enum_reader<random_index_table>);
    read_optional(j, w, "aggregation", a.aggregation, enum_reader<ahp_aggregation>);
    read_optional(j, w, "acceptable_consistency_ratio", a.acceptable_consistency_ratio, number_reader);
    for_each_element(required_key(j, w, "judges"), key_pointer(w, "judges"),
                     [&](const json& e, const std::string& p) { a.judges.push_back(read_ahp_judge(e, p)); });
    return a;
}

/// A whole number from 0, however the JSON holds it (signed or unsigned).
std::size_t as_count(const json& j, const std::string& where, const char* expected) {
    if (j.is_number_unsigned()) return std::size_t(std::min<std::uint64_t>(j.get<std::uint64_t>(), SIZE_MAX));
    if (j.is_number_integer() && j.get<std::int64_t>() >= 0) return std::size_t(j.get<std::int64_t>());
    type_error(where, expected, j);
}

/// A MACBETH judgement {more, less, category}: the two sides read by `side`, the category one name
/// or a range [lowest, highest].
template <class Judgement, class Side>
Judgement read_category_judgement(const json& j, const std::string& w, Side&& side) {
    expect_object(j, w, {"more", "less", "category"});
    Judgement c;
    c.more = side(required_key(j, w, "more"), key_pointer(w, "more"));
    c.less = side(required_key(j, w, "less"), key_pointer(w, "less"));
    const json& category = required_key(j, w, "category");
    const std::string cw = key_pointer(w, "category");
    if (category.is_array()) {  // a range: [lowest, highest]
        if (category.size() != 2) type_error(cw, "a category or a range [lowest, highest] of two categories", category);
        c.lowest = as_enum<macbeth_category>(category[0], cw + "/0");
        c.highest = as_enum<macbeth_category>(category[1], cw + "/1");
    } else {
        c.lowest = c.highest = as_enum<macbeth_category>(category, cw);
    }
    return c;
}

/// A weight question's MACBETH answer judges swings ("judgements"); an anchor question's judges
/// each criterion's levels ("scales": {criterion: {levels, judgements}}).
macbeth_elicitation read_macbeth_elicitation(const json& j, const std::string& w) {
    expect_object(j, w, {"judgements", "scales"});
    macbeth_elicitation m;
    if (const json* judgements = optional_key(j, "judgements"))
        for_each_element(*judgements, key_pointer(w, "judgements"), [&](const json& e, const std::string& p) {
            m.judgements.push_back(read_category_judgement<category_judgement>(e, p, as_string));
        });
    if (const json* scales = optional_key(j, "scales")) {
        const std::string sw = key_pointer(w, "scales");
        if (!scales->is_object()) type_error(sw, "an object of criterion id to its levels and judgements {levels, judgements}", *scales);
        for (const auto& item : scales->items()) {
            const std::string cw = key_pointer(sw, item.key());
            const json& c = item.value();
            expect_object(c, cw, {"levels", "judgements"});
            macbeth_value_scale scale;
            for_each_element(required_key(c, cw, "levels"), key_pointer(cw, "levels"),
                             [&](const json& e, const std::string& p) { scale.levels.push_back(as_number(e, p)); });
            for_each_element(required_key(c, cw, "judgements"), key_pointer(cw, "judgements"), [&](const json& e, const std::string& p) {
                scale.judgements.push_back(read_category_judgement<level_judgement>(e, p, as_number));
            });
            m.scales[item.key()] = std::move(scale);
        }
    }
    if (!optional_key(j, "judgements") && !optional_key(j, "scales"))
        type_error(w, "MACBETH judgements between swings (\"judgements\") or between a criterion's levels (\"scales\")", j);
    return m;
}

/// {criterion id: level index}: one side of a PAPRIKA question.
std::vector<std::pair<std::string, std::size_t>> read_paprika_side(const json& j, const std::string& w) {
    if (!j.is_object()) type_error(w, "an object of criterion id to level (0 the worst)", j);
    std::vector<std::pair<std::string, std::size_t>> side;
    for (const auto& item : j.items()) {
        const std::string p = key_pointer(w, item.key());
        side.emplace_back(item.key(), as_count(item.value(), p, "a level: a whole number from 0 (the worst)"));
    }
    return side;
}

paprika_elicitation read_paprika_elicitation(const json& j, const std::string& w) {
    expect_object(j, w, {"levels", "answers"});
    paprika_elicitation p;
    const json& levels = required_key(j, w, "levels");
    const std::string lw = key_pointer(w, "levels");
    if (!levels.is_object()) type_error(lw, "an object of criterion id to its levels, worst first", levels);
    for (const auto& item : levels.items()) p.levels[item.key()] = as_string_list(item.value(), key_pointer(lw, item.key()));
    for_each_element(required_key(j, w, "answers"), key_pointer(w, "answers"), [&](const json& e, const std::string& at) {
        expect_object(e, at, {"a", "b", "answer"});
        paprika_choice c;
        c.a = read_paprika_side(required_key(e, at, "a"), key_pointer(at, "a"));
        c.b = read_paprika_side(required_key(e, at, "b"), key_pointer(at, "b"));
        c.answer = as_enum<paprika_answer>(required_key(e, at, "answer"), key_pointer(at, "answer"));
        p.answers.push_back(std::move(c));
    });
    return p;
}

bisection_elicitation read_bisection_elicitation(const json& j, const std::string& w) {
    if (!j.is_object()) type_error(w, "an object of criterion id to its bisection {worst, best, midpoints}", j);
    bisection_elicitation b;
    for (const auto& item : j.items()) {
        const std::string cw = key_pointer(w, item.key());
        const json& c = item.value();
        expect_object(c, cw, {"worst", "best", "midpoints"});
        bisection_curve curve;
        curve.worst = as_number(required_key(c, cw, "worst"), key_pointer(cw, "worst"));
        curve.best = as_number(required_key(c, cw, "best"), key_pointer(cw, "best"));
        if (const json* m = optional_key(c, "midpoints"))
            for_each_element(*m, key_pointer(cw, "midpoints"), [&](const json& e, const std::string& at) {
                expect_object(e, at, {"value", "level"});
                curve.midpoints.push_back({as_number(required_key(e, at, "value"), key_pointer(at, "value")),
                                           as_number(required_key(e, at, "level"), key_pointer(at, "level"))});
            });
        b.curves[item.key()] = std::move(curve);
    }
    return b;
}

// What an elicitation recorded: compared with what its judgements give when derived.
elicitation_outcome read_elicitation_outcome(const json& j, const std::string& w) {
    expect_object(j, w, {"consistent", "consistency_ratio", "by_judge", "rule", "weight_ranges", "level_points",
                         "questions_possible", "questions_implied", "value_functions", "value_ranges"});
    elicitation_outcome o;
    read_optional(j, w, "consistent", o.consistent, bool_reader);
    if (const json* r = optional_key(j, "consistency_ratio")) o.consistency_ratio = as_number(*r, key_pointer(w, "consistency_ratio"));
    if (const json* b = optional_key(j, "by_judge"))
        for_each_element(*b, key_pointer(w, "by_judge"),
                         [&](const json& e, const std::string& p) { o.judge_consistency_ratios.push_back(as_number(e, p)); });
    read_optional(j, w, "rule", o.rule, string_reader);
    if (const json* ranges = optional_key(j, "weight_ranges")) {
        const std::string rw = key_pointer(w, "weight_ranges");
        if (!ranges->is_object()) type_error(rw, "an object of criterion id to [lowest, highest] weight", *ranges);
        for (const auto& item : ranges->items()) {
            const std::string p = key_pointer(rw, item.key());
            if (!item.value().is_array() || item.value().size() != 2) type_error(p, "[lowest, highest]", item.value());
            o.weight_ranges[item.key()] = {as_number(item.value()[0], p + "/0"), as_number(item.value()[1], p + "/1")};
        }
    }
    if (const json* points = optional_key(j, "level_points")) {
        const std::string pw = key_pointer(w, "level_points");
        if (!points->is_object()) type_error(pw, "an object of criterion id to its levels' points", *points);
        for (const auto& item : points->items()) {
            auto& out = o.level_points[item.key()];
            for_each_element(item.value(), key_pointer(pw, item.key()),
                             [&](const json& e, const std::string& p) { out.push_back(as_number(e, p)); });
        }
    }
    const auto count = [&](const char* key, std::optional<std::size_t>& target) {
        if (const json* c = optional_key(j, key)) target = as_count(*c, key_pointer(w, key), "a whole number from 0");
    };
    const auto pairs = [&](const char* key, const char* expected, auto& target) {
        const json* by_criterion = optional_key(j, key);
        if (!by_criterion) return;
        const std::string fw = key_pointer(w, key);
        if (!by_criterion->is_object()) type_error(fw, std::string("an object of criterion id to ") + expected, *by_criterion);
        for (const auto& item : by_criterion->items()) {
            auto& out = target[item.key()];
            for_each_element(item.value(), key_pointer(fw, item.key()), [&](const json& e, const std::string& p) {
                if (!e.is_array() || e.size() != 2) type_error(p, "an array of two numbers", e);
                out.emplace_back(as_number(e[0], p + "/0"), as_number(e[1], p + "/1"));
            });
        }
    };
    pairs("value_functions", "its breakpoints [[level, value], ...]", o.value_functions);
    pairs("value_ranges", "each breakpoint's value range [[lowest, highest], ...]", o.value_ranges);
    count("questions_possible", o.questions_possible);
    count("questions_implied", o.questions_implied);
    return o;
}

answer read_answer(const json& j, const std::string& w) {
    expect_object(j, w,
                  {"group", "by", "text", "rationale", "method", "ahp", "macbeth", "paprika", "bisection", "swing", "elicited", "applies"});
    answer a;
    a.group = as_string(required_key(j, w, "group"), key_pointer(w, "group"));
    read_optional(j, w, "by", a.by, string_reader);
    read_optional(j, w, "text", a.text, string_reader);
    read_optional(j, w, "rationale", a.rationale, string_reader);
    if (const json* s = optional_key(j, "swing")) {
        const std::string sw = key_pointer(w, "swing");
        if (!s->is_object()) type_error(sw, "an object of criterion id to swing weight", *s);
        for (const auto& item : s->items())
            a.swing[item.key()] = as_number(item.value(), key_pointer(sw, item.key()));
    }
    if (const json* applies = optional_key(j, "applies")) a.applies = as_bool(*applies, key_pointer(w, "applies"));
    read_optional(j, w, "method", a.elicited.method, enum_reader<elicitation_method>);
    read_optional(j, w, "ahp", a.elicited.ahp, read_ahp_elicitation);
    read_optional(j, w, "macbeth", a.elicited.macbeth, read_macbeth_elicitation);
    read_optional(j, w, "paprika", a.elicited.paprika, read_paprika_elicitation);
    read_optional(j, w, "bisection", a.elicited.bisection, read_bisection_elicitation);
    read_optional(j, w, "elicited", a.elicited.outcome, read_elicitation_outcome);
    return a;
}

question read_question(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "text", "kind", "guidance", "criteria", "gates", "answers"});
    question q;
    q.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    q.kind = as_enum<question_kind>(required_key(j, w, "kind"), key_pointer(w, "kind"));
    read_optional(j, w, "text", q.text, string_reader);
    read_optional(j, w, "guidance", q.guidance, string_reader);
    read_optional(j, w, "criteria", q.criteria, as_string_list);
    read_optional(j, w, "gates", q.gates, as_string_list);
    if (const json* a = optional_key(j, "answers"))
        for_each_element(*a, key_pointer(w, "answers"),
                         [&](const json& e, const std::string& p) { q.answers.push_back(read_answer(e, p)); });
    return q;
}

service_function read_function(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "name", "description", "questions"});
    service_function f;
    f.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    read_optional(j, w, "name", f.name, string_reader);
    read_optional(j, w, "description", f.description, string_reader);
    if (const json* q = optional_key(j, "questions"))
        for_each_element(*q, key_pointer(w, "questions"),
                         [&](const json& e, const std::string& p) { f.questions.push_back(read_question(e, p)); });
    return f;
}

value_function read_value_function(const json& j, const std::string& w) {
    expect_object(j, w, {"kind", "lower", "upper", "rho", "points", "unit"});
    value_function v;
    v.kind = as_enum<value_function_kind>(required_key(j, w, "kind"), key_pointer(w, "kind"));
    read_optional(j, w, "lower", v.lower, number_reader);
    read_optional(j, w, "upper", v.upper, number_reader);
    read_optional(j, w, "rho", v.rho, number_reader);
    read_optional(j, w, "unit", v.unit, string_reader);
    if (const json* pts = optional_key(j, "points"))
        for_each_element(*pts, key_pointer(w, "points"), [&](const json& e, const std::string& p) {
            if (!e.is_array() || e.size() != 2) type_error(p, "an array of two numbers [level, value]", e);
            v.points.emplace_back(as_number(e[0], p + "/0"), as_number(e[1], p + "/1"));
        });
    return v;
}

criterion read_criterion(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "name", "description", "parent", "direction", "scale", "anchors", "value_function",
                         "tags", "csf", "function", "weight", "measures_cost", "trajectory_measure"});
    criterion c;
    c.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    read_optional(j, w, "name", c.name, string_reader);
    read_optional(j, w, "description", c.description, string_reader);
    read_optional(j, w, "parent", c.parent, string_reader);
    read_optional(j, w, "direction", c.preference, enum_reader<direction>);
    read_optional(j, w, "scale", c.scale, enum_reader<scale_type>);
    if (const json* a = optional_key(j, "anchors")) {
        const std::string aw = key_pointer(w, "anchors");
        expect_object(*a, aw, {"low", "high"});
        read_optional(*a, aw, "low", c.anchor_low, string_reader);
        read_optional(*a, aw, "high", c.anchor_high, string_reader);
    }
    if (const json* v = optional_key(j, "value_function")) c.value = read_value_function(*v, key_pointer(w, "value_function"));
    read_optional(j, w, "tags", c.tags, as_string_list);
    read_optional(j, w, "csf", c.critical_success_factor, string_reader);
    read_optional(j, w, "function", c.function, string_reader);
    if (const json* x = optional_key(j, "weight")) c.weight = as_number(*x, key_pointer(w, "weight"));
    read_optional(j, w, "measures_cost", c.measures_cost, bool_reader);
    read_optional(j, w, "trajectory_measure", c.trajectory_measure, string_reader);
    return c;
}

attribute_definition read_attribute(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "name", "type", "description"});
    attribute_definition a;
    a.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    a.type = as_enum<attribute_type>(required_key(j, w, "type"), key_pointer(w, "type"));
    read_optional(j, w, "name", a.name, string_reader);
    read_optional(j, w, "description", a.description, string_reader);
    return a;
}

gate read_gate(const json& j, const std::string& w) {
    if (!j.is_object()) type_error(w, "an object", j);
    gate g;
    g.kind = as_enum<gate_kind>(required_key(j, w, "kind"), key_pointer(w, "kind"));
    if (g.kind == gate_kind::attribute)
        expect_object(j, w, {"id", "name", "description", "kind", "attribute", "op", "value", "values", "on_unknown"});
    else if (g.kind == gate_kind::threshold)
        expect_object(j, w, {"id", "name", "description", "kind", "criterion", "op", "threshold", "weights", "on_unknown"});
    else
        expect_object(j, w, {"id", "name", "description", "kind", "op", "threshold", "on_unknown"});
    g.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    read_optional(j, w, "name", g.name, string_reader);
    read_optional(j, w, "description", g.description, string_reader);
    if (g.kind == gate_kind::affordability) {
        g.op = comparison::less_equal;  // "affordable": no shortfall at all, unless the gate tolerates one
        read_optional(j, w, "op", g.op, enum_reader<comparison>);
    } else {
        g.op = as_enum<comparison>(required_key(j, w, "op"), key_pointer(w, "op"));
    }
    read_optional(j, w, "on_unknown", g.on_unknown, enum_reader<unknown_policy>);
    if (g.kind == gate_kind::attribute) {
        g.attribute = as_string(required_key(j, w, "attribute"), key_pointer(w, "attribute"));
        const json* one = optional_key(j, "value");
        const json* many = optional_key(j, "values");
        if (one && many)
            throw invalid_input("adva.json.unknown_key", key_pointer(w, "values"),
                                "give either \"value\" or \"values\", not both", "\"values\"");
        if (!one && !many) required_key(j, w, g.op == comparison::one_of || g.op == comparison::none_of ? "values" : "value");
        if (one) g.values.push_back(as_attribute_value(*one, key_pointer(w, "value")));
        if (many)
            for_each_element(*many, key_pointer(w, "values"), [&](const json& e, const std::string& p) {
                g.values.push_back(as_attribute_value(e, p));
            });
    } else if (g.kind == gate_kind::threshold) {
        g.criterion = as_string(required_key(j, w, "criterion"), key_pointer(w, "criterion"));
        g.threshold = as_number(required_key(j, w, "threshold"), key_pointer(w, "threshold"));
        read_optional(j, w, "weights", g.weights, string_reader);
    } else {
        read_optional(j, w, "threshold", g.threshold, number_reader);
    }
    return g;
}

vehicle_type read_vehicle_type(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "name", "description"});
    vehicle_type v;
    v.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    read_optional(j, w, "name", v.name, string_reader);
    read_optional(j, w, "description", v.description, string_reader);
    return v;
}

score read_score(const json& j, const std::string& w) {
    score s;
    if (j.is_number()) {
        s.value = j.get<double>();
        return s;
    }
    if (!j.is_object()) type_error(w, "a number or an object", j);
    if (const json* d = optional_key(j, "distribution")) s.kind = as_enum<uncertainty>(*d, key_pointer(w, "distribution"));
    auto number = [&](std::string_view key) { return as_number(required_key(j, w, key), key_pointer(w, key)); };
    switch (s.kind) {
        case uncertainty::point:
            expect_object(j, w, {"distribution", "value", "rationale"});
            s.value = number("value");
            break;
        case uncertainty::range:
            expect_object(j, w, {"distribution", "low", "high", "rationale"});
            s.low = number("low");
            s.high = number("high");
            break;
        case uncertainty::triangular:
        case uncertainty::pert:
            expect_object(j, w, {"distribution", "low", "mode", "high", "rationale"});
            s.low = number("low");
            s.value = number("mode");
            s.high = number("high");
            break;
        case uncertainty::normal:
            expect_object(j, w, {"distribution", "mean", "sd", "rationale"});
            s.value = number("mean");
            s.sd = number("sd");
            break;
    }
    read_optional(j, w, "rationale", s.rationale, string_reader);
    return s;
}

std::vector<double> as_number_list(const json& j, const std::string& where) {
    std::vector<double> out;
    for_each_element(j, where, [&](const json& e, const std::string& p) { out.push_back(as_number(e, p)); });
    return out;
}

// A cash-flow line's amount: `amount` a year, or `profile` (amounts by year), exactly one of them.
template <class Line>
void read_flow_amounts(const json& j, const std::string& w, Line& line) {
    const json* amount = optional_key(j, "amount");
    const json* profile = optional_key(j, "profile");
    if (amount && profile)
        throw invalid_input("adva.model.bad_cost", key_pointer(w, "profile"),
                            "a line has either amount (a year) or profile (amounts by year), not both", "both given");
    if (profile) {
        line.profile = as_number_list(*profile, key_pointer(w, "profile"));
        if (line.profile.empty())
            throw invalid_input("adva.model.bad_cost", key_pointer(w, "profile"),
                                "a profile gives the amounts of one year or more", "[]");
    } else {
        line.amount = as_number(required_key(j, w, "amount"), key_pointer(w, "amount"));
    }
    read_optional(j, w, "id", line.id, string_reader);
    read_optional(j, w, "name", line.name, string_reader);
    read_optional(j, w, "year", line.year, int_reader);
    read_optional(j, w, "end_year", line.end_year, int_reader);
    read_optional(j, w, "prices", line.prices, enum_reader<price_basis>);
}

cost_line read_cost(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "name", "kind", "category", "amount", "profile", "year", "end_year", "prices",
                         "optimism_bias", "mitigation", "mitigation_reason", "range"});
    cost_line c;
    c.kind = as_enum<cost_kind>(required_key(j, w, "kind"), key_pointer(w, "kind"));
    read_flow_amounts(j, w, c);
    read_optional(j, w, "category", c.category, enum_reader<cost_category>);
    read_optional(j, w, "optimism_bias", c.optimism_bias, string_reader);
    read_optional(j, w, "mitigation", c.mitigation, number_reader);
    read_optional(j, w, "mitigation_reason", c.mitigation_reason, string_reader);
    if (const json* range = optional_key(j, "range")) c.range = as_number_list(*range, key_pointer(w, "range"));
    return c;
}

benefit_line read_benefit(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "name", "amount", "profile", "year", "end_year", "prices", "discounting"});
    benefit_line b;
    read_flow_amounts(j, w, b);
    read_optional(j, w, "discounting", b.discounting, enum_reader<benefit_discounting>);
    return b;
}

economics_settings read_economics(const json& j, const std::string& w) {
    expect_object(j, w, {"cost_basis", "vfm_benefit", "comparator", "optimism_bias", "deflator", "budget"});
    economics_settings e;
    read_optional(j, w, "cost_basis", e.basis, enum_reader<cost_basis>);
    read_optional(j, w, "vfm_benefit", e.benefit, enum_reader<vfm_benefit>);
    read_optional(j, w, "comparator", e.comparator, enum_reader<vfm_comparator>);
    if (const json* t = optional_key(j, "optimism_bias")) {
        const std::string tw = key_pointer(w, "optimism_bias");
        if (!t->is_object()) type_error(tw, "an object of category id to uplift", *t);
        for (const auto& item : t->items()) {
            const std::string rw = key_pointer(tw, item.key());
            expect_object(item.value(), rw, {"upper", "lower", "applies_to", "source"});
            optimism_bias_uplift u;
            u.upper = as_number(required_key(item.value(), rw, "upper"), key_pointer(rw, "upper"));
            read_optional(item.value(), rw, "lower", u.lower, number_reader);
            read_optional(item.value(), rw, "applies_to", u.applies_to, string_reader);
            read_optional(item.value(), rw, "source", u.source, string_reader);
            e.optimism_bias[item.key()] = std::move(u);
        }
    }
    if (const json* d = optional_key(j, "deflator")) {
        const std::string dw = key_pointer(w, "deflator");
        expect_object(*d, dw, {"name", "index"});
        read_optional(*d, dw, "name", e.deflator.name, string_reader);
        e.deflator.index = as_number_list(required_key(*d, dw, "index"), key_pointer(dw, "index"));
    }
    if (const json* b = optional_key(j, "budget")) {
        const std::string bw = key_pointer(w, "budget");
        expect_object(*b, bw, {"name", "capital", "revenue"});
        read_optional(*b, bw, "name", e.budget.name, string_reader);
        read_optional(*b, bw, "capital", e.budget.capital, as_number_list);
        read_optional(*b, bw, "revenue", e.budget.revenue, as_number_list);
    }
    return e;
}

improvement_settings read_improvement(const json& j, const std::string& w) {
    expect_object(j, w, {"scale", "plan", "target", "horizon", "discount_rate", "transitions", "criteria_sampling"});
    improvement_settings s;
    auto number = [](const json& o, const std::string& ow, std::string_view key) {
        return as_number(required_key(o, ow, key), key_pointer(ow, key));
    };
    if (const json* sc = optional_key(j, "scale")) {
        const std::string sw = key_pointer(w, "scale");
        expect_object(*sc, sw, {"name", "lower", "upper", "grades"});
        read_optional(*sc, sw, "name", s.scale.name, string_reader);
        read_optional(*sc, sw, "lower", s.scale.lower, number_reader);
        read_optional(*sc, sw, "upper", s.scale.upper, number_reader);
        if (const json* g = optional_key(*sc, "grades")) {
            s.scale.grades.clear();
            for_each_element(*g, key_pointer(sw, "grades"), [&](const json& e, const std::string& ew) {
                expect_object(e, ew, {"id", "name", "from"});
                quality_grade grade;
                grade.id = as_string(required_key(e, ew, "id"), key_pointer(ew, "id"));
                read_optional(e, ew, "name", grade.name, string_reader);
                grade.from = number(e, ew, "from");
                s.scale.grades.push_back(std::move(grade));
            });
        }
    }
    const std::string pw = key_pointer(w, "plan");
    const json& plan = required_key(j, w, "plan");
    expect_object(plan, pw, {"current_level", "milestones"});
    s.plan.current_level = number(plan, pw, "current_level");
    if (const json* ms = optional_key(plan, "milestones"))
        for_each_element(*ms, key_pointer(pw, "milestones"), [&](const json& e, const std::string& ew) {
            expect_object(e, ew, {"name", "year", "level"});
            plan_milestone m;
            read_optional(e, ew, "name", m.name, string_reader);
            m.year = number(e, ew, "year");
            m.level = number(e, ew, "level");
            s.plan.milestones.push_back(std::move(m));
        });
    const std::string tw = key_pointer(w, "target");
    const json& target = required_key(j, w, "target");
    expect_object(target, tw, {"grade", "year"});
    s.target_grade = as_string(required_key(target, tw, "grade"), key_pointer(tw, "grade"));
    s.target_year = number(target, tw, "year");
    read_optional(j, w, "horizon", s.horizon, number_reader);
    read_optional(j, w, "discount_rate", s.discount_rate, number_reader);
    if (const json* c = optional_key(j, "criteria_sampling")) {
        const std::string cw = key_pointer(w, "criteria_sampling");
        expect_object(*c, cw, {"samples", "seed"});
        if (const json* n = optional_key(*c, "samples")) s.criteria_samples = detail::as_count(*n, key_pointer(cw, "samples"));
        if (const json* n = optional_key(*c, "seed")) s.criteria_seed = detail::as_count(*n, key_pointer(cw, "seed"));
    }
    if (const json* t = optional_key(j, "transitions")) {
        const std::string xw = key_pointer(w, "transitions");
        if (!t->is_object()) type_error(xw, "an object of option id to transition", *t);
        for (const auto& item : t->items()) {
            const std::string ow = key_pointer(xw, item.key());
            if (item.value().is_object() && item.value().contains("sequence")) {  // "A, then B from year k"
                expect_object(item.value(), ow, {"sequence"});
                option_trajectory sequenced{item.key(), std::nullopt, {}};
                for_each_element(item.value()["sequence"], key_pointer(ow, "sequence"), [&](const json& e, const std::string& ew) {
                    expect_object(e, ew, {"option", "from"});
                    sequence_step step;
                    step.option = as_string(required_key(e, ew, "option"), key_pointer(ew, "option"));
                    read_optional(e, ew, "from", step.from, number_reader);
                    sequenced.sequence.push_back(std::move(step));
                });
                s.transitions.push_back(std::move(sequenced));
                continue;
            }
            expect_object(item.value(), ow, {"start", "dip_depth", "dip_duration", "recovery_rate", "long_run_level"});
            transition c;
            auto param = [&](std::string_view key) { return read_score(required_key(item.value(), ow, key), key_pointer(ow, key)); };
            c.start = param("start");
            c.dip_depth = param("dip_depth");
            c.dip_duration = param("dip_duration");
            c.recovery_rate = param("recovery_rate");
            c.long_run_level = param("long_run_level");
            s.transitions.push_back({item.key(), std::move(c), {}});
        }
    }
    return s;
}

option read_option(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "name", "vehicle", "description", "attributes", "business_as_usual", "do_minimum",
                         "scores", "evidence", "costs", "benefits"});
    option o;
    o.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    o.vehicle = as_string(required_key(j, w, "vehicle"), key_pointer(w, "vehicle"));
    read_optional(j, w, "name", o.name, string_reader);
    read_optional(j, w, "description", o.description, string_reader);
    read_optional(j, w, "business_as_usual", o.business_as_usual, bool_reader);
    read_optional(j, w, "do_minimum", o.do_minimum, bool_reader);
    read_optional(j, w, "evidence", o.evidence, string_reader);
    if (const json* a = optional_key(j, "attributes")) {
        const std::string aw = key_pointer(w, "attributes");
        if (!a->is_object()) type_error(aw, "an object of attribute id to value", *a);
        for (const auto& item : a->items())
            o.attributes[item.key()] = as_attribute_value(item.value(), key_pointer(aw, item.key()));
    }
    if (const json* s = optional_key(j, "scores")) {
        const std::string sw = key_pointer(w, "scores");
        if (!s->is_object()) type_error(sw, "an object of criterion id to score", *s);
        for (const auto& item : s->items()) o.scores[item.key()] = read_score(item.value(), key_pointer(sw, item.key()));
    }
    if (const json* c = optional_key(j, "costs"))
        for_each_element(*c, key_pointer(w, "costs"),
                         [&](const json& e, const std::string& p) { o.costs.push_back(read_cost(e, p)); });
    if (const json* b = optional_key(j, "benefits"))
        for_each_element(*b, key_pointer(w, "benefits"),
                         [&](const json& e, const std::string& p) { o.benefits.push_back(read_benefit(e, p)); });
    return o;
}

recorded_change read_recorded_change(const json& j, const std::string& w) {
    expect_object(j, w, {"option", "criterion", "before", "after"});
    recorded_change c;
    c.option = as_string(required_key(j, w, "option"), key_pointer(w, "option"));
    c.criterion = as_string(required_key(j, w, "criterion"), key_pointer(w, "criterion"));
    if (const json* b = optional_key(j, "before")) c.before = read_score(*b, key_pointer(w, "before"));
    c.after = read_score(required_key(j, w, "after"), key_pointer(w, "after"));
    return c;
}

// The record is read as written, whatever it says: whether it is whole and consistent is for
// verify() to report (a tampered file must load so that the tampering can be named).
audit_entry read_audit_entry(const json& j, const std::string& w) {
    expect_object(j, w, {"action", "at", "by", "reason", "digest", "scores_digest", "scores_before", "after_scoring",
                         "changes", "previous", "key", "signature"});
    audit_entry a;
    const std::string aw = key_pointer(w, "action");
    const json& action = required_key(j, w, "action");
    if (!action.is_string() || (action != "lock" && action != "reopen" && action != "score"))
        type_error(aw, "\"lock\", \"reopen\" or \"score\"", action);
    a.action = action.get<std::string>();
    for (auto [key, field] : {std::pair{"at", &a.at}, {"by", &a.by}, {"reason", &a.reason}, {"digest", &a.digest},
                              {"scores_digest", &a.scores_digest}, {"scores_before", &a.scores_before},
                              {"previous", &a.previous}, {"key", &a.key}, {"signature", &a.signature}})
        read_optional(j, w, key, *field, string_reader);
    read_optional(j, w, "after_scoring", a.after_scoring, bool_reader);
    if (const json* c = optional_key(j, "changes"))
        for_each_element(*c, key_pointer(w, "changes"),
                         [&](const json& e, const std::string& p) { a.changes.push_back(read_recorded_change(e, p)); });
    return a;
}

governance read_governance(const json& j, const std::string& w) {
    expect_object(j, w, {"locked", "framing_digest", "framing", "audit"});
    governance g;
    read_optional(j, w, "locked", g.locked, bool_reader);
    read_optional(j, w, "framing_digest", g.framing_digest, string_reader);
    if (const json* f = optional_key(j, "framing")) {
        if (!f->is_object()) type_error(key_pointer(w, "framing"), "an object (the framing at the last lock)", *f);
        // Canonical text: sorted keys, shortest round-trip numbers, as framing_digest() hashes it.
        g.framing = f->dump(-1, ' ', false, json::error_handler_t::replace);
    }
    if (const json* a = optional_key(j, "audit"))
        for_each_element(*a, key_pointer(w, "audit"),
                         [&](const json& e, const std::string& p) { g.audit.push_back(read_audit_entry(e, p)); });
    return g;
}

// Reads one part of the document. Throwing, an error goes straight out (no handler on the normal
// path); collecting, it is recorded and the part skipped, the rest of the document still read.
template <class Read>
void read_part(error_sink& sink, Read&& read) {
    if (!sink.collecting()) return read();
    try {
        read();
    } catch (const invalid_input& e) {
        sink.report(e);
    }
}

// A top-level list, element by element: an element that cannot be read is skipped.
template <class T, class Read>
void read_list(const json& document, std::string_view key, std::vector<T>& out, Read read, error_sink& sink) {
    const json* list = optional_key(document, key);
    if (!list) return;
    const std::string where = "/" + std::string(key);
    read_part(sink, [&] { detail::as_array(*list, where); });
    if (!list->is_array()) return;
    for (std::size_t i = 0; i < list->size(); ++i)
        read_part(sink, [&] { out.push_back(read((*list)[i], detail::child(where, i))); });
}

// The structure of a model (types, keys, names), without validate(). Collecting, it returns false
// when nothing more can be read (not an object, another format version).
bool read_model(const json& document, appraisal& m, error_sink& sink) {
    if (!document.is_object()) {
        sink.report(invalid_input("adva.json.type", "", "expected an object (a model)", detail::seen_value(document)));
        return false;
    }
    // The version is read first: a file of a later format gets a version error, not unknown keys.
    const std::size_t before = sink.count();
    read_part(sink, [&] {
        m.format_version = as_int(required_key(document, "", "adva_model"), "/adva_model");
        if (m.format_version != model_format_version)
            throw invalid_input("adva.model.version", "/adva_model",
                                "this adva reads model format " + std::to_string(model_format_version),
                                std::to_string(m.format_version));
    });
    if (sink.count() != before) return false;
    read_part(sink, [&] {
        expect_object(document, "", {"adva_model", "illustrative", "context", "stakeholder_groups", "consensus",
                                     "functions", "criteria", "attributes", "gates", "vehicle_types", "options",
                                     "economics", "improvement", "governance"});
    });
    read_part(sink, [&] { read_optional(document, "", "illustrative", m.illustrative, bool_reader); });
    read_part(sink, [&] { m.context = read_context(required_key(document, "", "context"), "/context"); });
    read_list(document, "stakeholder_groups", m.groups, read_group, sink);
    read_part(sink, [&] {
        if (const json* c = optional_key(document, "consensus")) m.consensus = read_consensus(*c, "/consensus");
    });
    read_list(document, "functions", m.functions, read_function, sink);
    read_list(document, "criteria", m.criteria, read_criterion, sink);
    read_list(document, "attributes", m.attributes, read_attribute, sink);
    read_list(document, "gates", m.gates, read_gate, sink);
    read_list(document, "vehicle_types", m.vehicle_types, read_vehicle_type, sink);
    read_list(document, "options", m.options, read_option, sink);
    read_part(sink, [&] {
        if (const json* e = optional_key(document, "economics")) m.economics = read_economics(*e, "/economics");
    });
    read_part(sink, [&] {
        if (const json* i = optional_key(document, "improvement")) m.improvement = read_improvement(*i, "/improvement");
    });
    read_part(sink, [&] {
        if (const json* g = optional_key(document, "governance")) m.governance = read_governance(*g, "/governance");
    });
    return true;
}

/// A file gives no score on a trajectory-derived criterion: reading computes those (docs/trajectories.md).
void refuse_derived_scores(const appraisal& m, error_sink& sink) {
    for (const auto& c : m.criteria) {
        if (c.trajectory_measure.empty()) continue;
        for (std::size_t k = 0; k < m.options.size(); ++k)
            if (m.options[k].scores.count(c.id))
                sink.report(invalid_input("adva.trajectory.criterion", "/options/" + std::to_string(k) + "/scores/" + pointer_token(c.id),
                                          "the scores of a trajectory-derived criterion come from the model's trajectories, not from the file",
                                          c.id + " derives " + c.trajectory_measure));
    }
}

}  // namespace

// ------------------------------------------------------------------------------------------------

appraisal model_from_json(const nlohmann::json& document) {
    error_sink first_error;
    appraisal m;
    read_model(document, m, first_error);
    refuse_derived_scores(m, first_error);
    derive_elicited_weights(m, first_error);
    validate(m, weight_completeness::in_progress);  // weights are asked for where they are used
    derive_trajectory_scores(m);
    return m;
}

model_check check_model_text(std::string_view text, const std::string& file, const read_limits& limits) {
    error_sink sink(error_sink::mode::collect);
    appraisal m;
    try {
        const json document = parse_json(text, limits);  // a syntax error ends the reading
        // Validation runs on a model read whole: with an element skipped, its rules would see
        // references to items that are only missing because they could not be read.
        if (read_model(document, m, sink) && sink.empty()) {
            refuse_derived_scores(m, sink);
            // A swing derived from broken judgements is missing: validating it would only repeat them.
            derive_elicited_weights(m, sink);
            if (sink.empty()) validate(m, sink);
            if (sink.empty()) derive_trajectory_scores(m);
        }
    } catch (const invalid_input& e) {
        sink.report(e);
    }
    model_check out;
    out.error_count = sink.count();
    out.errors = std::move(sink.errors());
    if (!file.empty())
        for (auto& e : out.errors) e = located(e, text, file);
    if (out.error_count == 0) out.model = std::move(m);
    return out;
}

model_check check_model_file(const std::filesystem::path& path, const read_limits& limits) {
    const std::string source = path.string();
    const std::string text = read_source(source, limits.max_bytes, "model file");
    return check_model_text(text, source == "-" ? "<stdin>" : source, limits);
}

std::vector<score_assignment> score_assignments_from_json(const json& document) {
    if (!document.is_object()) type_error("", "an object of option id to {criterion id: score}", document);
    std::vector<score_assignment> out;
    for (const auto& option : document.items()) {
        const std::string w = key_pointer("", option.key());
        if (!option.value().is_object()) type_error(w, "an object of criterion id to score", option.value());
        for (const auto& item : option.value().items())
            out.push_back({option.key(), item.key(), read_score(item.value(), key_pointer(w, item.key()))});
    }
    return out;
}

std::vector<question_answer> question_answers_from_json(const json& document) {
    if (!document.is_object()) type_error("", "an object of question id to an answer, or a list of answers", document);
    std::vector<question_answer> out;
    for (const auto& item : document.items()) {
        const std::string w = key_pointer("", item.key());
        if (item.value().is_array())
            for_each_element(item.value(), w, [&](const json& e, const std::string& p) { out.push_back({item.key(), read_answer(e, p), p}); });
        else
            out.push_back({item.key(), read_answer(item.value(), w), w});
    }
    return out;
}

appraisal parse_model(std::string_view text, const read_limits& limits) {
    return model_from_json(parse_json(text, limits));
}

appraisal load_model(const std::filesystem::path& path, const read_limits& limits) {
    // Errors are located in the file: "model.json:412:17: [adva.model.unknown_id] ...".
    return read_json_as(path.string(), limits, "model file", [](const json& document) { return model_from_json(document); });
}

std::string model_to_text(const appraisal& model) {
    try {
        return model_to_json(model).dump(2, ' ', false, json::error_handler_t::strict) + "\n";
    } catch (const json::type_error& e) {
        // Only invalid UTF-8 in a string can make dump() fail.
        throw invalid_input("adva.json.type", "", "model text is not valid UTF-8", e.what());
    }
}

void save_model(const appraisal& model, const std::filesystem::path& path, if_exists existing) {
    write_file(path, model_to_text(model), existing);  // serialised whole before the file is touched
}

}  // namespace adva::io
