// JSON model format v1: bounded parsing, the strict reader and atomic saving (the writer is the
// model's canonical form, compiled into adva::core: src/core/model_writer.cpp).
#include "adva/io/model_json.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <iterator>
#include <random>
#include <set>

#include "adva/error.hpp"
#include "json_names.hpp"

namespace adva::io {

namespace {

using nlohmann::json;
using detail::from_name;
using detail::name_of;
using detail::names_list;
using detail::pointer_token;

// ------------------------------------------------------------------------------------------------
// Bounded parsing: a SAX handler builds the document and enforces the limits as it is read.
// nlohmann's SAX parser is iterative (no recursion), so a million open brackets stop at level 65
// without touching the stack. (Its callback-based DOM parser is not used: it rescans the enclosing
// container at every object end, which is quadratic in the length of an array of objects.)

class bounded_dom_builder {
public:
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    bounded_dom_builder(json& root, const read_limits& limits) : root_(root), limits_(limits) {}

    bool null() { return add(nullptr); }
    bool boolean(bool v) { return add(v); }
    bool number_integer(number_integer_t v) { return add(v); }
    bool number_unsigned(number_unsigned_t v) { return add(v); }
    bool number_float(number_float_t v, const string_t& /*text*/) { return add(v); }
    bool binary(binary_t& v) { return add(std::move(v)); }
    bool string(string_t& v) {
        count_element();
        check_string(v, pointer(stack_.size()));
        place(std::move(v));
        return true;
    }
    bool start_object(std::size_t /*unknown size*/) { return open(json::value_t::object); }
    bool start_array(std::size_t /*unknown size*/) { return open(json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(string_t& k) {
        frame& f = stack_.back();
        count(f, stack_.size() - 1);
        check_string(k, pointer(stack_.size() - 1));
        f.last_key = k;
        if (!f.keys.insert(k).second)
            throw invalid_input("adva.json.parse", pointer(stack_.size()), "key appears twice in the same object",
                                detail::quoted(k));
        member_ = &(*f.value)[k];
        return true;
    }
    bool parse_error(std::size_t position, const std::string& /*last_token*/, const json::exception& e) {
        // e.what() reads "[json.exception.parse_error.101] parse error at line L, column C: detail"
        // or "[json.exception.out_of_range.406] number overflow parsing '1e999'".
        std::string detail = e.what();
        if (auto p = detail.find("] "); p != std::string::npos) detail.erase(0, p + 2);
        if (detail.rfind("parse error", 0) == 0)
            if (auto p = detail.find(": "); p != std::string::npos) detail.erase(0, p + 2);
        throw invalid_input("adva.json.parse", "", "not valid JSON at byte " + std::to_string(position) + ": " + detail);
    }

private:
    struct frame {
        json* value = nullptr;
        bool is_array = false;
        std::size_t count = 0;
        std::string last_key;
        std::set<std::string, std::less<>> keys;
    };

    // The pointer of the element currently read at nesting level `levels` (0 = the document).
    // Built only when an error needs it.
    std::string pointer(std::size_t levels) const {
        std::string p;
        for (std::size_t i = 0; i < levels; ++i) {
            const frame& f = stack_[i];
            p += '/';
            p += f.is_array ? std::to_string(f.count - 1) : pointer_token(f.last_key);
        }
        return p;
    }
    void count(frame& f, std::size_t level) {
        if (++f.count > limits_.max_items)
            throw limit_exceeded("adva.json.limit", pointer(level),
                                 std::string(f.is_array ? "array" : "object") + " has more than " +
                                     std::to_string(limits_.max_items) + " entries");
    }
    void count_element() {
        if (!stack_.empty() && stack_.back().is_array) count(stack_.back(), stack_.size() - 1);
    }
    void check_string(const std::string& s, const std::string& where) const {
        if (s.size() > limits_.max_string)
            throw limit_exceeded("adva.json.limit", where,
                                 "string longer than " + std::to_string(limits_.max_string) + " bytes",
                                 std::to_string(s.size()) + " bytes");
    }
    json* place(json&& v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        frame& f = stack_.back();
        if (f.is_array) {
            f.value->push_back(std::move(v));
            return &f.value->back();
        }
        *member_ = std::move(v);
        return member_;
    }
    bool add(json&& v) {
        count_element();
        place(std::move(v));
        return true;
    }
    bool open(json::value_t type) {
        count_element();
        if (static_cast<int>(stack_.size()) + 1 > limits_.max_depth)
            throw limit_exceeded("adva.json.limit", pointer(stack_.size()),
                                 "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
        frame f;
        f.value = place(json(type));
        f.is_array = type == json::value_t::array;
        stack_.push_back(std::move(f));
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }

    json& root_;
    const read_limits& limits_;
    std::vector<frame> stack_;
    json* member_ = nullptr;  // the object member the next value goes into
};

// ------------------------------------------------------------------------------------------------
// The strict reader: every value's type is checked and every key must be known. Pointers are built
// as the document is walked so every error names its place.

std::string seen_value(const json& v) {
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

[[noreturn]] void type_error(const std::string& where, const std::string& expected, const json& seen) {
    throw invalid_input("adva.json.type", where, "expected " + expected, seen_value(seen));
}

std::string key_pointer(const std::string& object, std::string_view key) {
    return object + "/" + pointer_token(key);
}

void expect_object(const json& j, const std::string& where, std::initializer_list<std::string_view> known) {
    if (!j.is_object()) type_error(where, "an object", j);
    for (const auto& item : j.items()) {
        bool ok = false;
        for (auto k : known) ok = ok || k == item.key();
        if (!ok) {
            std::string list;
            for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            throw invalid_input("adva.json.unknown_key", key_pointer(where, item.key()),
                                "unknown key (known here: " + list + ")", detail::quoted(item.key()));
        }
    }
}

const json* optional_key(const json& object, std::string_view key) {
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const json& required_key(const json& object, const std::string& where, std::string_view key) {
    auto it = object.find(key);
    if (it == object.end())
        throw invalid_input("adva.json.missing_key", key_pointer(where, key), "required key is missing");
    return *it;
}

std::string as_string(const json& j, const std::string& where) {
    if (!j.is_string()) type_error(where, "a string", j);
    return j.get<std::string>();
}

double as_number(const json& j, const std::string& where) {
    if (!j.is_number()) type_error(where, "a number", j);
    return j.get<double>();
}

bool as_bool(const json& j, const std::string& where) {
    if (!j.is_boolean()) type_error(where, "true or false", j);
    return j.get<bool>();
}

int as_int(const json& j, const std::string& where) {
    const std::string expected = "an integer between " + std::to_string(INT_MIN) + " and " + std::to_string(INT_MAX);
    if (j.is_number_unsigned()) {
        if (j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT_MAX)) type_error(where, expected, j);
        return static_cast<int>(j.get<std::uint64_t>());
    }
    if (!j.is_number_integer()) type_error(where, "an integer", j);
    const auto v = j.get<std::int64_t>();
    if (v < INT_MIN || v > INT_MAX) type_error(where, expected, j);
    return static_cast<int>(v);
}

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
    expect_object(j, w, {"id", "name", "description", "influence"});
    stakeholder_group g;
    g.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    read_optional(j, w, "name", g.name, string_reader);
    read_optional(j, w, "description", g.description, string_reader);
    read_optional(j, w, "influence", g.influence, number_reader);
    return g;
}

consensus_rule read_consensus(const json& j, const std::string& w) {
    expect_object(j, w, {"method", "lead_group"});
    consensus_rule c;
    read_optional(j, w, "method", c.method, enum_reader<consensus_method>);
    read_optional(j, w, "lead_group", c.lead_group, string_reader);
    return c;
}

answer read_answer(const json& j, const std::string& w) {
    expect_object(j, w, {"group", "by", "text", "rationale", "swing"});
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
                         "tags", "csf", "function", "weight"});
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
    else
        expect_object(j, w, {"id", "name", "description", "kind", "criterion", "op", "threshold", "on_unknown"});
    g.id = as_string(required_key(j, w, "id"), key_pointer(w, "id"));
    read_optional(j, w, "name", g.name, string_reader);
    read_optional(j, w, "description", g.description, string_reader);
    g.op = as_enum<comparison>(required_key(j, w, "op"), key_pointer(w, "op"));
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
    } else {
        g.criterion = as_string(required_key(j, w, "criterion"), key_pointer(w, "criterion"));
        g.threshold = as_number(required_key(j, w, "threshold"), key_pointer(w, "threshold"));
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

cost_line read_cost(const json& j, const std::string& w) {
    expect_object(j, w, {"name", "kind", "amount", "year", "end_year"});
    cost_line c;
    c.kind = as_enum<cost_kind>(required_key(j, w, "kind"), key_pointer(w, "kind"));
    c.amount = as_number(required_key(j, w, "amount"), key_pointer(w, "amount"));
    read_optional(j, w, "name", c.name, string_reader);
    read_optional(j, w, "year", c.year, int_reader);
    read_optional(j, w, "end_year", c.end_year, int_reader);
    return c;
}

option read_option(const json& j, const std::string& w) {
    expect_object(j, w, {"id", "name", "vehicle", "description", "attributes", "business_as_usual", "do_minimum",
                         "scores", "evidence", "costs"});
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
    return o;
}

audit_entry read_audit_entry(const json& j, const std::string& w) {
    expect_object(j, w, {"action", "at", "by", "reason", "digest", "after_scoring"});
    audit_entry a;
    const std::string aw = key_pointer(w, "action");
    const json& action = required_key(j, w, "action");
    if (!action.is_string() || (action != "lock" && action != "reopen")) type_error(aw, "\"lock\" or \"reopen\"", action);
    a.action = action.get<std::string>();
    read_optional(j, w, "at", a.at, string_reader);
    read_optional(j, w, "by", a.by, string_reader);
    read_optional(j, w, "reason", a.reason, string_reader);
    read_optional(j, w, "digest", a.digest, string_reader);
    read_optional(j, w, "after_scoring", a.after_scoring, bool_reader);
    return a;
}

governance read_governance(const json& j, const std::string& w) {
    expect_object(j, w, {"locked", "framing_digest", "audit"});
    governance g;
    read_optional(j, w, "locked", g.locked, bool_reader);
    read_optional(j, w, "framing_digest", g.framing_digest, string_reader);
    if (const json* a = optional_key(j, "audit"))
        for_each_element(*a, key_pointer(w, "audit"),
                         [&](const json& e, const std::string& p) { g.audit.push_back(read_audit_entry(e, p)); });
    return g;
}

template <class T, class Read>
void read_list(const json& document, std::string_view key, std::vector<T>& out, Read read) {
    if (const json* list = optional_key(document, key))
        for_each_element(*list, "/" + std::string(key),
                         [&](const json& e, const std::string& p) { out.push_back(read(e, p)); });
}

[[noreturn]] void throw_io_error(const std::string& id, const std::filesystem::path& path, const std::string& what) {
    throw error(id, path.string(), what, std::strerror(errno));
}

}  // namespace

// ------------------------------------------------------------------------------------------------

nlohmann::json parse_json(std::string_view text, const read_limits& limits) {
    if (text.size() > limits.max_bytes)
        throw limit_exceeded("adva.json.limit", "", "text larger than " + std::to_string(limits.max_bytes) + " bytes",
                             std::to_string(text.size()) + " bytes");
    json document;
    bounded_dom_builder builder(document, limits);
    json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, /*strict=*/true,
                    /*ignore_comments=*/false);
    return document;
}

appraisal model_from_json(const nlohmann::json& document) {
    if (!document.is_object()) type_error("", "an object (a model)", document);
    appraisal m;
    // The version is read first: a file of a later format gets a version error, not unknown keys.
    m.format_version = as_int(required_key(document, "", "adva_model"), "/adva_model");
    if (m.format_version != model_format_version)
        throw invalid_input("adva.model.version", "/adva_model",
                            "this adva reads model format " + std::to_string(model_format_version),
                            std::to_string(m.format_version));
    expect_object(document, "", {"adva_model", "illustrative", "context", "stakeholder_groups", "consensus",
                                 "functions", "criteria", "attributes", "gates", "vehicle_types", "options",
                                 "governance"});
    read_optional(document, "", "illustrative", m.illustrative, bool_reader);
    m.context = read_context(required_key(document, "", "context"), "/context");
    read_list(document, "stakeholder_groups", m.groups, read_group);
    if (const json* c = optional_key(document, "consensus")) m.consensus = read_consensus(*c, "/consensus");
    read_list(document, "functions", m.functions, read_function);
    read_list(document, "criteria", m.criteria, read_criterion);
    read_list(document, "attributes", m.attributes, read_attribute);
    read_list(document, "gates", m.gates, read_gate);
    read_list(document, "vehicle_types", m.vehicle_types, read_vehicle_type);
    read_list(document, "options", m.options, read_option);
    if (const json* g = optional_key(document, "governance")) m.governance = read_governance(*g, "/governance");
    validate(m);
    return m;
}

appraisal parse_model(std::string_view text, const read_limits& limits) {
    return model_from_json(parse_json(text, limits));
}

appraisal load_model(const std::filesystem::path& path, const read_limits& limits) {
    std::string text;
    if (path == "-") {
        // Read one byte past the limit so an oversized input is refused rather than truncated.
        text.resize(limits.max_bytes + 1);
        std::cin.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(std::cin.gcount()));
    } else {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec) throw invalid_input("adva.io.read", path.string(), "cannot read the model file", ec.message());
        if (size > limits.max_bytes)
            throw limit_exceeded("adva.json.limit", path.string(),
                                 "file larger than " + std::to_string(limits.max_bytes) + " bytes",
                                 std::to_string(size) + " bytes");
        std::ifstream in(path, std::ios::binary);
        if (!in) throw invalid_input("adva.io.read", path.string(), "cannot read the model file", std::strerror(errno));
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return parse_model(text, limits);
}

void save_model(const appraisal& model, const std::filesystem::path& path) {
    // Serialise fully before touching the file system, so a failure leaves no file at all.
    std::string text;
    try {
        text = model_to_json(model).dump(2, ' ', false, json::error_handler_t::strict) + "\n";
    } catch (const json::type_error& e) {
        // Only invalid UTF-8 in a string can make dump() fail; nothing has been written yet.
        throw invalid_input("adva.json.type", path.string(), "model text is not valid UTF-8", e.what());
    }

    std::filesystem::path dir = path.parent_path();
    if (dir.empty()) dir = ".";
    std::random_device rd;
    const auto temp = dir / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                             std::to_string(rd()));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw_io_error("adva.io.write", path, "cannot create a temporary file next to the model file");
    std::size_t written = 0;
    bool ok = true;
    while (ok && written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ok = false;
        else written += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    const int saved_errno = errno;
    ok = (::close(fd) == 0) && ok;
    if (ok && ::rename(temp.c_str(), path.c_str()) != 0) ok = false;
    if (!ok) {
        errno = errno ? errno : saved_errno;
        const int e = errno;
        ::unlink(temp.c_str());
        errno = e;
        throw_io_error("adva.io.write", path, "cannot write the model file");
    }
}

}  // namespace adva::io
