// The model's canonical JSON: the writer of the model format, and the framing part the framing digest
// is taken over (governance.cpp). Declared in adva/io/model_json.hpp; compiled into adva::core.
#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "adva/io/model_json.hpp"
#include "json_names.hpp"

namespace adva::io {
namespace detail {

std::string number_text(double x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    // Whole numbers read as the user wrote them (120, not 120.0); others shortest round-trip form.
    if (x == std::trunc(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
    return nlohmann::json(x).dump();
}

}  // namespace detail

namespace {

using nlohmann::json;
using detail::name_of;

// Keys holding their default value are left out so files stay readable; the reader restores the
// same defaults, so model_from_json(model_to_json(m)) == m.

json attribute_value_json(const attribute_value& v) {
    return std::visit([](const auto& x) { return json(x); }, v);
}

template <class E>
json enum_json(E e) {
    return std::string(name_of(e));
}

void put_string(json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

json context_json(const appraisal_context& c) {
    json j = json::object();
    put_string(j, "title", c.title);
    put_string(j, "organisation", c.organisation);
    put_string(j, "service", c.service);
    put_string(j, "trigger", c.trigger);
    if (c.base_year != 0) j["base_year"] = c.base_year;
    // The figures that change numbers are always written, so a reader of the file sees them.
    j["horizon_years"] = c.horizon_years;
    j["discount_rate"] = c.discount_rate;
    j["discount_schedule"] = enum_json(c.discount_schedule);
    j["currency"] = c.currency;
    return j;
}

json group_json(const stakeholder_group& g) {
    json j = {{"id", g.id}, {"influence", g.influence}};
    put_string(j, "name", g.name);
    put_string(j, "description", g.description);
    put_string(j, "influence_reason", g.influence_reason);
    return j;
}

json ahp_json(const ahp_elicitation& a) {
    json judges = json::array();
    for (const auto& judge : a.judges) {
        json x = json::object();
        put_string(x, "by", judge.by);
        json judgements = json::array();
        for (const auto& r : judge.judgements) judgements.push_back({{"more", r.more}, {"less", r.less}, {"ratio", r.ratio}});
        x["judgements"] = std::move(judgements);
        judges.push_back(std::move(x));
    }
    return {{"priority", enum_json(a.priority)},
            {"random_index", enum_json(a.random_index)},
            {"aggregation", enum_json(a.aggregation)},
            {"acceptable_consistency_ratio", a.acceptable_consistency_ratio},
            {"judges", std::move(judges)}};
}

template <class Judgement>
json judgements_json(const std::vector<Judgement>& judgements) {
    json out = json::array();
    for (const auto& c : judgements) {
        json category = c.lowest == c.highest ? enum_json(c.lowest) : json::array({enum_json(c.lowest), enum_json(c.highest)});
        out.push_back({{"more", c.more}, {"less", c.less}, {"category", std::move(category)}});
    }
    return out;
}

json macbeth_json(const macbeth_elicitation& m) {
    if (m.scales.empty()) return {{"judgements", judgements_json(m.judgements)}};
    json scales = json::object();
    for (const auto& [id, scale] : m.scales)
        scales[id] = {{"levels", scale.levels}, {"judgements", judgements_json(scale.judgements)}};
    json j = {{"scales", std::move(scales)}};
    if (!m.judgements.empty()) j["judgements"] = judgements_json(m.judgements);
    return j;
}

json paprika_json(const paprika_elicitation& p) {
    const auto side = [](const std::vector<std::pair<std::string, std::size_t>>& levels) {
        json j = json::object();
        for (const auto& [id, level] : levels) j[id] = level;
        return j;
    };
    json answers = json::array();
    for (const auto& c : p.answers) answers.push_back({{"a", side(c.a)}, {"b", side(c.b)}, {"answer", enum_json(c.answer)}});
    return {{"levels", p.levels}, {"answers", std::move(answers)}};
}

json bisection_json(const bisection_elicitation& b) {
    json j = json::object();
    for (const auto& [id, curve] : b.curves) {
        json midpoints = json::array();
        for (const auto& m : curve.midpoints) midpoints.push_back({{"value", m.value}, {"level", m.level}});
        j[id] = {{"worst", curve.worst}, {"best", curve.best}, {"midpoints", std::move(midpoints)}};
    }
    return j;
}

json outcome_json(const elicitation_outcome& o) {
    json j = {{"consistent", o.consistent}};
    if (o.consistency_ratio) j["consistency_ratio"] = *o.consistency_ratio;
    if (!o.judge_consistency_ratios.empty()) j["by_judge"] = o.judge_consistency_ratios;
    put_string(j, "rule", o.rule);
    if (!o.weight_ranges.empty()) {
        json ranges = json::object();
        for (const auto& [id, range] : o.weight_ranges) ranges[id] = {range.first, range.second};
        j["weight_ranges"] = std::move(ranges);
    }
    if (!o.level_points.empty()) j["level_points"] = o.level_points;
    if (o.questions_possible) j["questions_possible"] = *o.questions_possible;
    if (o.questions_implied) j["questions_implied"] = *o.questions_implied;
    const auto pairs = [&](const char* key, const std::map<std::string, std::vector<std::pair<double, double>>>& by_criterion) {
        if (by_criterion.empty()) return;
        json out = json::object();
        for (const auto& [id, points] : by_criterion) {
            json p = json::array();
            for (const auto& [first, second] : points) p.push_back(json::array({first, second}));
            out[id] = std::move(p);
        }
        j[key] = std::move(out);
    };
    pairs("value_functions", o.value_functions);
    pairs("value_ranges", o.value_ranges);
    return j;
}

json question_json(const question& q) {
    json j = {{"id", q.id}, {"kind", enum_json(q.kind)}};
    put_string(j, "text", q.text);
    put_string(j, "guidance", q.guidance);
    if (!q.criteria.empty()) j["criteria"] = q.criteria;
    if (!q.gates.empty()) j["gates"] = q.gates;
    if (!q.answers.empty()) {
        json answers = json::array();
        for (const auto& a : q.answers) {
            json x = {{"group", a.group}};
            put_string(x, "by", a.by);
            put_string(x, "text", a.text);
            put_string(x, "rationale", a.rationale);
            if (a.elicited.method != elicitation_method::swing) x["method"] = enum_json(a.elicited.method);
            if (a.elicited.method == elicitation_method::ahp) x["ahp"] = ahp_json(a.elicited.ahp);
            if (a.elicited.method == elicitation_method::macbeth) x["macbeth"] = macbeth_json(a.elicited.macbeth);
            if (a.elicited.method == elicitation_method::paprika) x["paprika"] = paprika_json(a.elicited.paprika);
            if (a.elicited.method == elicitation_method::bisection) x["bisection"] = bisection_json(a.elicited.bisection);
            if (!a.swing.empty()) x["swing"] = a.swing;
            if (a.elicited.method != elicitation_method::swing) x["elicited"] = outcome_json(a.elicited.outcome);
            if (a.applies) x["applies"] = *a.applies;
            answers.push_back(std::move(x));
        }
        j["answers"] = std::move(answers);
    }
    return j;
}

json function_json(const service_function& f) {
    json j = {{"id", f.id}};
    put_string(j, "name", f.name);
    put_string(j, "description", f.description);
    if (!f.questions.empty()) {
        json qs = json::array();
        for (const auto& q : f.questions) qs.push_back(question_json(q));
        j["questions"] = std::move(qs);
    }
    return j;
}

json criterion_json(const criterion& c) {
    json j = {{"id", c.id}};
    put_string(j, "name", c.name);
    put_string(j, "description", c.description);
    put_string(j, "parent", c.parent);
    if (c.preference != direction::higher_is_better) j["direction"] = enum_json(c.preference);
    if (c.scale != scale_type::fixed) j["scale"] = enum_json(c.scale);
    if (!c.anchor_low.empty() || !c.anchor_high.empty()) {
        json a = json::object();
        put_string(a, "low", c.anchor_low);
        put_string(a, "high", c.anchor_high);
        j["anchors"] = std::move(a);
    }
    if (c.value != value_function{}) {
        const value_function defaults;
        json v = {{"kind", enum_json(c.value.kind)}};
        if (c.value.lower != defaults.lower) v["lower"] = c.value.lower;
        if (c.value.upper != defaults.upper) v["upper"] = c.value.upper;
        if (c.value.rho != defaults.rho) v["rho"] = c.value.rho;
        if (!c.value.points.empty()) {
            json pts = json::array();
            for (const auto& [x, y] : c.value.points) pts.push_back({x, y});
            v["points"] = std::move(pts);
        }
        put_string(v, "unit", c.value.unit);
        j["value_function"] = std::move(v);
    }
    if (!c.tags.empty()) j["tags"] = c.tags;
    put_string(j, "csf", c.critical_success_factor);
    put_string(j, "function", c.function);
    if (c.weight) j["weight"] = *c.weight;
    if (c.measures_cost) j["measures_cost"] = true;
    put_string(j, "trajectory_measure", c.trajectory_measure);
    return j;
}

json attribute_json(const attribute_definition& a) {
    json j = {{"id", a.id}, {"type", enum_json(a.type)}};
    put_string(j, "name", a.name);
    put_string(j, "description", a.description);
    return j;
}

json gate_json(const gate& g) {
    json j = {{"id", g.id}, {"kind", enum_json(g.kind)}, {"op", enum_json(g.op)}};
    put_string(j, "name", g.name);
    put_string(j, "description", g.description);
    if (g.on_unknown != unknown_policy::keep) j["on_unknown"] = enum_json(g.on_unknown);
    if (g.kind == gate_kind::attribute) {
        j["attribute"] = g.attribute;
        const bool set_op = g.op == comparison::one_of || g.op == comparison::none_of;
        if (!set_op && g.values.size() == 1) {
            j["value"] = attribute_value_json(g.values.front());
        } else {
            json vs = json::array();
            for (const auto& v : g.values) vs.push_back(attribute_value_json(v));
            j["values"] = std::move(vs);
        }
    } else if (g.kind == gate_kind::threshold) {
        j["criterion"] = g.criterion;
        j["threshold"] = g.threshold;
        if (g.weights != consensus_weights_name) j["weights"] = g.weights;
    } else {
        j["threshold"] = g.threshold;
    }
    return j;
}

json vehicle_type_json(const vehicle_type& v) {
    json j = {{"id", v.id}};
    put_string(j, "name", v.name);
    put_string(j, "description", v.description);
    return j;
}

}  // namespace

json score_to_json(const score& s) {
    if (s.kind == uncertainty::point && s.rationale.empty()) return s.value;
    json j = json::object();
    switch (s.kind) {
        case uncertainty::point: j["value"] = s.value; break;
        case uncertainty::range: j["low"] = s.low; j["high"] = s.high; break;
        case uncertainty::triangular:
        case uncertainty::pert: j["low"] = s.low; j["mode"] = s.value; j["high"] = s.high; break;
        case uncertainty::normal: j["mean"] = s.value; j["sd"] = s.sd; break;
    }
    if (s.kind != uncertainty::point) j["distribution"] = enum_json(s.kind);
    put_string(j, "rationale", s.rationale);
    return j;
}

namespace {

// The timing and amounts every cash-flow line has (cost_line, benefit_line).
template <class Line>
void flow_amounts_json(json& x, const Line& line) {
    put_string(x, "id", line.id);
    put_string(x, "name", line.name);
    if (line.profile.empty()) x["amount"] = line.amount;
    else x["profile"] = line.profile;
    x["year"] = line.year;
    if (line.end_year != -1) x["end_year"] = line.end_year;
    if (line.prices != price_basis::real) x["prices"] = enum_json(line.prices);
}

/// The ids of the trajectory-derived criteria, whose scores are computed when a model is read and
/// so are never written (nor part of the scores digest).
std::set<std::string_view> derived_criteria(const appraisal& m) {
    std::set<std::string_view> out;
    for (const auto& c : m.criteria)
        if (!c.trajectory_measure.empty()) out.insert(c.id);
    return out;
}

json typed_scores_json(const option& o, const std::set<std::string_view>& derived) {
    json s = json::object();
    for (const auto& [k, v] : o.scores)
        if (!derived.count(k)) s[k] = score_to_json(v);
    return s;
}

json option_json(const option& o, const std::set<std::string_view>& derived) {
    json j = {{"id", o.id}, {"vehicle", o.vehicle}};
    put_string(j, "name", o.name);
    put_string(j, "description", o.description);
    if (!o.attributes.empty()) {
        json a = json::object();
        for (const auto& [k, v] : o.attributes) a[k] = attribute_value_json(v);
        j["attributes"] = std::move(a);
    }
    if (o.business_as_usual) j["business_as_usual"] = true;
    if (o.do_minimum) j["do_minimum"] = true;
    if (json s = typed_scores_json(o, derived); !s.empty()) j["scores"] = std::move(s);
    put_string(j, "evidence", o.evidence);
    if (!o.costs.empty()) {
        json cs = json::array();
        for (const auto& c : o.costs) {
            json x = {{"kind", enum_json(c.kind)}};
            flow_amounts_json(x, c);
            if (c.category != cost_category::revenue) x["category"] = enum_json(c.category);
            put_string(x, "optimism_bias", c.optimism_bias);
            if (c.mitigation != 0.0) x["mitigation"] = c.mitigation;
            put_string(x, "mitigation_reason", c.mitigation_reason);
            if (!c.range.empty()) x["range"] = c.range;
            cs.push_back(std::move(x));
        }
        j["costs"] = std::move(cs);
    }
    if (!o.benefits.empty()) {
        json bs = json::array();
        for (const auto& b : o.benefits) {
            json x = json::object();
            flow_amounts_json(x, b);
            if (b.discounting != benefit_discounting::standard) x["discounting"] = enum_json(b.discounting);
            bs.push_back(std::move(x));
        }
        j["benefits"] = std::move(bs);
    }
    return j;
}

json improvement_json(const improvement_settings& s) {
    json grades = json::array();
    for (const auto& g : s.scale.grades) {
        json x = {{"id", g.id}, {"from", g.from}};
        put_string(x, "name", g.name);
        grades.push_back(std::move(x));
    }
    json milestones = json::array();
    for (const auto& m : s.plan.milestones) {
        json x = {{"year", m.year}, {"level", m.level}};
        put_string(x, "name", m.name);
        milestones.push_back(std::move(x));
    }
    json j = {{"scale", {{"name", s.scale.name}, {"lower", s.scale.lower}, {"upper", s.scale.upper}, {"grades", std::move(grades)}}},
              {"plan", {{"current_level", s.plan.current_level}, {"milestones", std::move(milestones)}}},
              {"target", {{"grade", s.target_grade}, {"year", s.target_year}}},
              {"horizon", s.horizon},
              {"discount_rate", s.discount_rate}};
    const improvement_settings defaults;
    if (s.criteria_samples != defaults.criteria_samples || s.criteria_seed != defaults.criteria_seed)
        j["criteria_sampling"] = {{"samples", s.criteria_samples}, {"seed", s.criteria_seed}};
    json transitions = json::object();
    for (const auto& t : s.transitions) {
        if (!t.sequence.empty()) {
            json steps = json::array();
            for (const auto& step : t.sequence) steps.push_back({{"option", step.option}, {"from", step.from}});
            transitions[t.option] = {{"sequence", std::move(steps)}};
        }
        if (!t.change) continue;
        const transition& c = *t.change;
        transitions[t.option] = {{"start", score_to_json(c.start)},
                                 {"dip_depth", score_to_json(c.dip_depth)},
                                 {"dip_duration", score_to_json(c.dip_duration)},
                                 {"recovery_rate", score_to_json(c.recovery_rate)},
                                 {"long_run_level", score_to_json(c.long_run_level)}};
    }
    if (!transitions.empty()) j["transitions"] = std::move(transitions);
    return j;
}

json economics_json(const economics_settings& e) {
    json j = {{"cost_basis", enum_json(e.basis)}, {"vfm_benefit", enum_json(e.benefit)}, {"comparator", enum_json(e.comparator)}};
    if (!e.optimism_bias.empty()) {
        json t = json::object();
        for (const auto& [id, u] : e.optimism_bias) {
            json row = {{"upper", u.upper}, {"lower", u.lower}};
            put_string(row, "applies_to", u.applies_to);
            put_string(row, "source", u.source);
            t[id] = std::move(row);
        }
        j["optimism_bias"] = std::move(t);
    }
    if (!e.deflator.index.empty() || !e.deflator.name.empty()) {
        json d = {{"index", e.deflator.index}};
        put_string(d, "name", e.deflator.name);
        j["deflator"] = std::move(d);
    }
    if (!e.budget.empty() || !e.budget.name.empty()) {
        json b = json::object();
        put_string(b, "name", e.budget.name);
        if (!e.budget.capital.empty()) b["capital"] = e.budget.capital;
        if (!e.budget.revenue.empty()) b["revenue"] = e.budget.revenue;
        j["budget"] = std::move(b);
    }
    return j;
}

json governance_json(const governance& g) {
    json j = {{"locked", g.locked}};
    put_string(j, "framing_digest", g.framing_digest);
    // The snapshot is written as the JSON it is, so the file stays readable; it is read back to the
    // same canonical text (sorted keys, shortest round-trip numbers).
    if (!g.framing.empty()) j["framing"] = json::parse(g.framing);
    if (!g.audit.empty()) {
        json audit = json::array();
        for (const auto& a : g.audit) audit.push_back(audit_entry_to_json(a));
        j["audit"] = std::move(audit);
    }
    return j;
}

template <class T, class Write>
json list_json(const std::vector<T>& xs, Write write) {
    json out = json::array();
    for (const auto& x : xs) out.push_back(write(x));
    return out;
}

json consensus_json(const consensus_rule& c) {
    json j = {{"method", enum_json(c.method)}};
    put_string(j, "lead_group", c.lead_group);
    return j;
}

}  // namespace

nlohmann::json audit_entry_to_json(const audit_entry& a, bool with_signature) {
    json x = {{"action", a.action}};
    put_string(x, "at", a.at);
    put_string(x, "by", a.by);
    put_string(x, "reason", a.reason);
    put_string(x, "digest", a.digest);
    put_string(x, "scores_digest", a.scores_digest);
    put_string(x, "scores_before", a.scores_before);
    if (a.after_scoring) x["after_scoring"] = true;
    if (!a.changes.empty()) {
        json changes = json::array();
        for (const auto& c : a.changes) {
            json y = {{"option", c.option}, {"criterion", c.criterion}, {"after", score_to_json(c.after)}};
            if (c.before) y["before"] = score_to_json(*c.before);
            changes.push_back(std::move(y));
        }
        x["changes"] = std::move(changes);
    }
    put_string(x, "previous", a.previous);
    put_string(x, "key", a.key);
    if (with_signature) put_string(x, "signature", a.signature);
    return x;
}

nlohmann::json model_to_json(const appraisal& m) {
    json j = {{"adva_model", m.format_version}, {"context", context_json(m.context)}};
    if (m.illustrative) j["illustrative"] = true;
    if (!m.groups.empty()) j["stakeholder_groups"] = list_json(m.groups, group_json);
    if (m.consensus != consensus_rule{}) j["consensus"] = consensus_json(m.consensus);
    if (!m.functions.empty()) j["functions"] = list_json(m.functions, function_json);
    if (!m.criteria.empty()) j["criteria"] = list_json(m.criteria, criterion_json);
    if (!m.attributes.empty()) j["attributes"] = list_json(m.attributes, attribute_json);
    if (!m.gates.empty()) j["gates"] = list_json(m.gates, gate_json);
    if (!m.vehicle_types.empty()) j["vehicle_types"] = list_json(m.vehicle_types, vehicle_type_json);
    const auto derived = derived_criteria(m);
    if (!m.options.empty()) j["options"] = list_json(m.options, [&](const option& o) { return option_json(o, derived); });
    if (!m.economics.is_default()) j["economics"] = economics_json(m.economics);
    if (m.improvement) j["improvement"] = improvement_json(*m.improvement);
    if (m.governance != governance{}) j["governance"] = governance_json(m.governance);
    return j;
}

nlohmann::json framing_to_json(const appraisal& m) {
    // Everything decided before options are scored (docs/decision-record.md). Of the options, what
    // the screening and the comparison rest on: identity, vehicle, the business-as-usual and
    // do-minimum roles, and every attribute a gate reads; scores, costs and evidence are not framing.
    std::set<std::string> gated;
    for (const auto& g : m.gates)
        if (g.kind == gate_kind::attribute) gated.insert(g.attribute);
    json options = json::array();
    for (const auto& o : m.options) {
        json j = {{"id", o.id}, {"vehicle", o.vehicle}, {"name", o.name},
                  {"business_as_usual", o.business_as_usual}, {"do_minimum", o.do_minimum}};
        json attributes = json::object();
        for (const auto& [k, v] : o.attributes)
            if (gated.count(k)) attributes[k] = attribute_value_json(v);
        j["gated_attributes"] = std::move(attributes);
        options.push_back(std::move(j));
    }
    // Keys are sorted by nlohmann::json, so dump() is canonical.
    json framing = {{"illustrative", m.illustrative},
            {"context", context_json(m.context)},
            {"stakeholder_groups", list_json(m.groups, group_json)},
            {"consensus", consensus_json(m.consensus)},
            {"functions", list_json(m.functions, function_json)},
            {"criteria", list_json(m.criteria, criterion_json)},
            {"attributes", list_json(m.attributes, attribute_json)},
            {"gates", list_json(m.gates, gate_json)},
            {"vehicle_types", list_json(m.vehicle_types, vehicle_type_json)},
            {"options", std::move(options)}};
    // The economic case's conventions are framing once set; a model without them keeps its digest.
    if (!m.economics.is_default()) framing["economics"] = economics_json(m.economics);
    // So is the improvement section (scale, plan, target, the options' transitions), when there is one.
    if (m.improvement) framing["improvement"] = improvement_json(*m.improvement);
    return framing;
}

nlohmann::json scores_to_json(const appraisal& m) {
    json out = json::object();
    const auto derived = derived_criteria(m);
    for (const auto& o : m.options) out[o.id] = typed_scores_json(o, derived);
    return out;
}

}  // namespace adva::io
