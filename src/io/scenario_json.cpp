// Reading the scenario file format (docs/batch.md). Strict: unknown fields, wrong types, unknown
// criteria / options, empty or oversized families are errors naming the JSON pointer.
#include "adva/io/scenario_json.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "adva/error.hpp"
#include "adva/known_ids.hpp"
#include "json_reading.hpp"

namespace adva::io {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& id, const std::string& where, const std::string& rule, const std::string& seen = {}) {
    throw invalid_input(id, where, rule, seen);
}

constexpr auto seen = detail::seen_value;
void expect_object(const json& j, const std::string& where, std::initializer_list<std::string_view> allowed) {
    detail::check_keys(j, where, allowed);
}
constexpr auto as_string = detail::as_string;
constexpr auto as_number = detail::as_number;
constexpr auto as_count = detail::as_count;

/// A list of numbers, or {"from", "to", "step"} (inclusive of `to` within rounding).
std::vector<double> number_list(const json& j, const std::string& where, const read_limits& limits) {
    std::vector<double> out;
    if (j.is_array()) {
        for (std::size_t k = 0; k < j.size(); ++k) out.push_back(as_number(j[k], where + "/" + std::to_string(k)));
    } else if (j.is_object()) {
        expect_object(j, where, {"from", "to", "step"});
        for (const char* k : {"from", "to", "step"})
            if (!j.contains(k)) fail("adva.json.missing_key", where + "/" + k, "a range needs from, to and step");
        const double from = as_number(j["from"], where + "/from"), to = as_number(j["to"], where + "/to"),
                     step = as_number(j["step"], where + "/step");
        if (!(step > 0.0)) fail("adva.scenario.bad_range", where + "/step", "step must be > 0", seen(j["step"]));
        if (to < from) fail("adva.scenario.bad_range", where + "/to", "to must be >= from", seen(j["to"]));
        const double n = std::floor((to - from) / step + 1e-9) + 1.0;
        if (n > double(limits.max_items))  // n may be beyond any integer type (a huge or infinite span)
            fail("adva.scenario.too_many_values", where, "a range may give at most " + std::to_string(limits.max_items) + " values",
                 n < 1e15 ? std::to_string(std::uint64_t(n)) : adva::detail::number_text(n));
        for (std::size_t k = 0; k < std::size_t(n); ++k) out.push_back(from + double(k) * step);
    } else {
        fail("adva.json.type", where, "expected a list of numbers or {\"from\", \"to\", \"step\"}", seen(j));
    }
    if (out.empty()) fail("adva.scenario.empty", where, "a list of values must not be empty");
    return out;
}

class reader {
public:
    reader(const std::filesystem::path& base_dir, const read_limits& limits) : base_dir_(base_dir), limits_(limits) {}

    scenario_source read(const json& doc) {
        expect_object(doc, "", {"adva_scenarios", "model", "weights", "relative_basis", "tie_tolerance", "analyses", "scenarios",
                                "generators"});
        if (!doc.contains("adva_scenarios"))
            fail("adva.json.missing_key", "/adva_scenarios", "a scenario file starts with \"adva_scenarios\": 1");
        if (doc["adva_scenarios"] != 1)
            fail("adva.scenario.version", "/adva_scenarios", "only version 1 of the scenario format is known", seen(doc["adva_scenarios"]));
        if (!doc.contains("model")) fail("adva.json.missing_key", "/model", "a scenario file names its base model");
        src_.base = std::make_shared<const appraisal>(read_model(doc["model"]));
        model_ = src_.base.get();

        if (doc.contains("weights")) {
            src_.settings.group = as_string(doc["weights"], "/weights");
            if (src_.settings.group == "consensus") src_.settings.group.clear();
            else if (!model_->group_index(src_.settings.group))
                fail("adva.scenario.unknown_group", "/weights", "base weights must be \"consensus\" or a stakeholder group of the model",
                     seen(doc["weights"]));
        }
        if (doc.contains("relative_basis")) {
            const auto b = as_string(doc["relative_basis"], "/relative_basis");
            if (b == "all_options") src_.settings.relative_scale_basis = relative_basis::all_options;
            else if (b == "shortlist") src_.settings.relative_scale_basis = relative_basis::shortlist;
            else fail("adva.scenario.bad_value", "/relative_basis", "expected \"all_options\" or \"shortlist\"", seen(doc["relative_basis"]));
        }
        if (doc.contains("tie_tolerance")) {
            src_.settings.tie_tolerance = as_number(doc["tie_tolerance"], "/tie_tolerance");
            if (src_.settings.tie_tolerance < 0) fail("adva.scenario.bad_value", "/tie_tolerance", "must be >= 0", seen(doc["tie_tolerance"]));
        }
        analysis_request defaults;
        if (doc.contains("analyses")) defaults = read_analyses(doc["analyses"], "/analyses", {});

        std::set<std::string> generator_ids;
        if (doc.contains("generators")) {
            const auto& gens = doc["generators"];
            if (!gens.is_array()) fail("adva.json.type", "/generators", "expected a list", seen(gens));
            for (std::size_t k = 0; k < gens.size(); ++k) {
                const std::string w = "/generators/" + std::to_string(k);
                named_generator g;
                g.pointer = w;
                if (!gens[k].is_object()) fail("adva.json.type", w, "expected an object", seen(gens[k]));
                if (!gens[k].contains("id")) fail("adva.json.missing_key", w + "/id", "every generator has an id");
                g.id = as_string(gens[k]["id"], w + "/id");
                if (g.id.empty() || g.id.find('/') != std::string::npos)
                    fail("adva.scenario.bad_id", w + "/id", "a generator id is non-empty and has no '/' (its scenarios are <id>/<k>)",
                         seen(gens[k]["id"]));
                if (!generator_ids.insert(g.id).second)
                    fail("adva.scenario.duplicate_id", w + "/id", "generator ids must be unique", seen(gens[k]["id"]));
                g.analyses = gens[k].contains("analyses") ? read_analyses(gens[k]["analyses"], w + "/analyses", defaults) : defaults;
                g.family = read_generator(gens[k], w, true);
                if (g.family.count() == 0) fail("adva.scenario.empty", w, "the generator gives no scenarios");
                src_.generators.push_back(std::move(g));
            }
        }
        if (doc.contains("scenarios")) {
            const auto& list = doc["scenarios"];
            if (!list.is_array()) fail("adva.json.type", "/scenarios", "expected a list", seen(list));
            std::set<std::string> ids;
            for (std::size_t k = 0; k < list.size(); ++k) {
                const std::string w = "/scenarios/" + std::to_string(k);
                auto s = read_scenario(list[k], w, defaults);
                const auto slash = s.id.find('/');
                if (slash != std::string::npos && generator_ids.count(s.id.substr(0, slash)))
                    fail("adva.scenario.duplicate_id", w + "/id", "scenario id collides with the ids of generator \"" + s.id.substr(0, slash) + "\"",
                         "\"" + s.id + "\"");
                if (!ids.insert(s.id).second) fail("adva.scenario.duplicate_id", w + "/id", "scenario ids must be unique", "\"" + s.id + "\"");
                src_.explicit_scenarios.push_back(std::move(s));
            }
        }
        const std::uint64_t n = src_.count();
        if (n == 0) fail("adva.scenario.empty", "", "the file describes no scenario: give \"scenarios\" or \"generators\"");
        if (n > max_scenarios)
            throw limit_exceeded("adva.scenario.too_many", "/generators", "at most 2^53 scenarios per file", "more");
        return std::move(src_);
    }

private:
    appraisal read_model(const json& m) {
        if (m.is_string()) {
            std::filesystem::path p = as_string(m, "/model");
            if (p.is_relative()) p = base_dir_ / p;
            src_.model_file = p;
            return load_model(p, limits_);
        }
        expect_object(m, "/model", {"embedded", "builtin"});
        if (m.contains("embedded")) {
            try {
                return model_from_json(m["embedded"]);
            } catch (const limit_exceeded&) {
                throw;
            } catch (const invalid_input& e) {
                // Point into the scenario file.
                throw invalid_input(e.id(), "/model/embedded" + e.where(), e.rule(), e.seen());
            }
        }
        if (m.contains("builtin")) {
            if (m["builtin"] != "default")
                fail("adva.scenario.bad_value", "/model/builtin", "the only built-in model is \"default\"", seen(m["builtin"]));
            return default_model();
        }
        fail("adva.json.missing_key", "/model", "the model is a path, {\"embedded\": {...}} or {\"builtin\": \"default\"}");
    }

    std::size_t node_index(const json& j, const std::string& where) {
        const auto id = as_string(j, where);
        const auto c = model_->criterion_index(id);
        if (!c) fail("adva.scenario.unknown_node", where, "not a criterion of the base model (" + known_ids_text(id, ids_of(model_->criteria)) + ")", seen(j));
        if (model_->children_of(model_->criteria[*c].parent).size() < 2)
            fail("adva.scenario.immovable_node", where, "an only child's local weight is always 1 and cannot change", seen(j));
        return *c;
    }

    /// Percentages of change to `what` ("a weight", "a cost"), none below -100.
    std::vector<double> percent_list(const json& j, const std::string& where, const char* what) {
        auto v = number_list(j, where, limits_);
        for (std::size_t k = 0; k < v.size(); ++k)
            if (v[k] < -100.0)
                fail("adva.scenario.bad_value", where, std::string(what) + " cannot fall by more than 100%",
                     adva::detail::signed_number(v[k], false));
        return v;
    }

    /// The position of the cost line named `j` (its id, or "costs/K" for a line without one) in option `o`.
    std::size_t cost_line_index(const json& j, const std::string& where, std::size_t o) {
        const auto name = as_string(j, where);
        const auto& costs = model_->options[o].costs;
        std::vector<std::string> names;
        for (std::size_t k = 0; k < costs.size(); ++k) {
            names.push_back(adva::detail::line_id(costs[k].id, "costs", k));
            if (names.back() == name) return k;
        }
        fail("adva.scenario.unknown_line", where,
             "not a cost line of option " + model_->options[o].id + " (" + known_ids_text(name, names) + ")", seen(j));
    }

    std::size_t option_index(const json& j, const std::string& where) {
        const auto id = as_string(j, where);
        const auto c = model_->option_index(id);
        if (!c) fail("adva.scenario.unknown_option", where, "not an option of the base model (" + known_ids_text(id, ids_of(model_->options)) + ")", seen(j));
        return *c;
    }

    std::size_t leaf_index(const json& j, const std::string& where) {
        const auto id = as_string(j, where);
        const auto c = model_->criterion_index(id);
        if (!c) fail("adva.scenario.unknown_node", where, "not a criterion of the base model (" + known_ids_text(id, ids_of(model_->criteria)) + ")", seen(j));
        if (!model_->is_leaf(*c)) fail("adva.scenario.score_on_interior", where, "only leaf criteria are scored", seen(j));
        return *c;
    }

    void check_group(const std::string& g, const std::string& where) {
        if (g != "consensus" && !model_->group_index(g))
            fail("adva.scenario.unknown_group", where, "expected \"consensus\" or a stakeholder group of the base model", "\"" + g + "\"");
    }

    generator read_generator(const json& j, const std::string& w, bool top) {
        generator g;
        if (!j.is_object()) fail("adva.json.type", w, "expected an object", seen(j));
        if (!j.contains("kind")) fail("adva.json.missing_key", w + "/kind", "every generator has a kind");
        const auto kind = as_string(j["kind"], w + "/kind");
        auto known = [&](std::initializer_list<const char*> fields, std::initializer_list<const char*> optional = {}) {
            // "id" and "analyses" belong to top-level generators only.
            std::vector<const char*> all(fields);
            all.insert(all.end(), optional.begin(), optional.end());
            all.push_back("kind");
            json copy = j;
            if (top) {
                copy.erase("id");
                copy.erase("analyses");
            }
            detail::check_keys(copy, w, std::vector<std::string_view>(all.begin(), all.end()));
            for (const char* k : fields)
                if (!j.contains(k)) fail("adva.json.missing_key", w + "/" + k, "a " + kind + " generator needs \"" + k + "\"");
        };
        if (kind == "weight_sweep") {
            g.kind = generator_kind::weight_sweep;
            known({"nodes", "percent"});
            const auto& nodes = j["nodes"];
            if (nodes == "*") {
                for (std::size_t c = 0; c < model_->criteria.size(); ++c)
                    if (model_->children_of(model_->criteria[c].parent).size() >= 2) g.nodes.push_back(c);
            } else {
                if (!nodes.is_array() || nodes.empty())
                    fail("adva.json.type", w + "/nodes", "expected \"*\" or a non-empty list of criterion ids", seen(nodes));
                for (std::size_t k = 0; k < nodes.size(); ++k) g.nodes.push_back(node_index(nodes[k], w + "/nodes/" + std::to_string(k)));
            }
            g.percents.push_back(percent_list(j["percent"], w + "/percent", "a weight"));
        } else if (kind == "weight_grid") {
            g.kind = generator_kind::weight_grid;
            known({"axes"});
            const auto& axes = j["axes"];
            if (!axes.is_array() || axes.empty()) fail("adva.json.type", w + "/axes", "expected a non-empty list of {node, percent}", seen(axes));
            for (std::size_t k = 0; k < axes.size(); ++k) {
                const std::string a = w + "/axes/" + std::to_string(k);
                expect_object(axes[k], a, {"node", "percent"});
                if (!axes[k].contains("node") || !axes[k].contains("percent"))
                    fail("adva.json.missing_key", a, "an axis needs \"node\" and \"percent\"");
                g.nodes.push_back(node_index(axes[k]["node"], a + "/node"));
                g.percents.push_back(percent_list(axes[k]["percent"], a + "/percent", "a weight"));
            }
        } else if (kind == "score_sweep") {
            g.kind = generator_kind::score_sweep;
            known({"option", "criterion", "values"});
            g.option = option_index(j["option"], w + "/option");
            g.criterion = leaf_index(j["criterion"], w + "/criterion");
            g.scores = number_list(j["values"], w + "/values", limits_);
        } else if (kind == "stakeholders") {
            g.kind = generator_kind::stakeholders;
            known({}, {"groups"});
            if (j.contains("groups")) {
                const auto& gs = j["groups"];
                if (!gs.is_array() || gs.empty()) fail("adva.json.type", w + "/groups", "expected a non-empty list of group ids", seen(gs));
                for (std::size_t k = 0; k < gs.size(); ++k) {
                    g.groups.push_back(as_string(gs[k], w + "/groups/" + std::to_string(k)));
                    check_group(g.groups.back(), w + "/groups/" + std::to_string(k));
                }
            } else {
                // The consensus, then every group (groups that gave no weights fall back as documented
                // in model_weights.hpp).
                g.groups.push_back("consensus");
                for (const auto& grp : model_->groups) g.groups.push_back(grp.id);
            }
        } else if (kind == "cost_sweep") {
            g.kind = generator_kind::cost_sweep;
            known({"option", "percent"}, {"line"});
            g.option = option_index(j["option"], w + "/option");
            if (model_->options[g.option].costs.empty())
                fail("adva.scenario.no_cost_lines", w + "/option", "the option has no cost lines to scale", seen(j["option"]));
            if (j.contains("line")) g.line = cost_line_index(j["line"], w + "/line", g.option);
            g.percents.push_back(percent_list(j["percent"], w + "/percent", "a cost"));
        } else if (kind == "optimism_bias_sweep") {
            g.kind = generator_kind::optimism_bias_sweep;
            known({"mitigation"}, {"category", "option"});
            g.option = j.contains("option") ? option_index(j["option"], w + "/option") : optimism_bias_change::all_options;
            if (j.contains("category")) g.category = as_string(j["category"], w + "/category");
            // The sweep must reach a line: a category no line of the option(s) carries changes nothing.
            std::vector<std::string> used;
            for (std::size_t o = 0; o < model_->options.size(); ++o)
                if (g.option == optimism_bias_change::all_options || g.option == o)
                    for (const auto& line : model_->options[o].costs)
                        if (!line.optimism_bias.empty() && std::find(used.begin(), used.end(), line.optimism_bias) == used.end())
                            used.push_back(line.optimism_bias);
            const std::string whose = g.option == optimism_bias_change::all_options
                                          ? "no cost line"
                                          : "no cost line of option " + model_->options[g.option].id;
            if (used.empty())
                fail("adva.scenario.no_cost_lines", w, whose + " has an optimism-bias category: the sweep would change nothing");
            if (!g.category.empty() && std::find(used.begin(), used.end(), g.category) == used.end())
                fail("adva.scenario.no_cost_lines", w + "/category",
                     whose + " has this optimism-bias category (" + known_ids_text(g.category, used) + ")", seen(j["category"]));
            g.mitigations = number_list(j["mitigation"], w + "/mitigation", limits_);
            for (double v : g.mitigations)
                if (!(v >= 0.0 && v <= 1.0))
                    fail("adva.scenario.bad_value", w + "/mitigation", "a mitigation share is from 0 to 1",
                         adva::detail::signed_number(v, false));
        } else if (kind == "transition_sweep") {
            g.kind = generator_kind::transition_sweep;
            known({"option", "parameter", "values"}, {"step"});
            g.option = option_index(j["option"], w + "/option");
            g.parameter = as_string(j["parameter"], w + "/parameter");
            const std::string& id = model_->options[g.option].id;
            const option_trajectory* t = model_->improvement ? find_trajectory(model_->improvement->transitions, id) : nullptr;
            if (g.parameter == "from") {
                if (!t || t->sequence.empty())
                    fail("adva.scenario.bad_value", w + "/option", "\"from\" is the year a step of a sequenced option begins: this option has no sequence",
                         seen(j["option"]));
                g.step = j.contains("step") ? std::size_t(detail::as_count(j["step"], w + "/step")) : t->sequence.size() - 1;
                if (g.step < 1 || g.step >= t->sequence.size())
                    fail("adva.scenario.bad_value", w + "/step", "a later step of the sequence (1 to " + std::to_string(t->sequence.size() - 1) + ")",
                         std::to_string(g.step));
            } else {
                static const std::vector<std::string> parameters = {"start", "dip_depth", "dip_duration", "recovery_rate", "long_run_level", "from"};
                if (std::find(parameters.begin(), parameters.end(), g.parameter) == parameters.end())
                    fail("adva.scenario.bad_value", w + "/parameter", "a transition parameter (" + known_ids_text(g.parameter, parameters) + ")",
                         seen(j["parameter"]));
                if (!t || !t->change)
                    fail("adva.scenario.bad_value", w + "/option", "the option has a transition in the model's improvement section", seen(j["option"]));
                if (j.contains("step")) fail("adva.scenario.bad_value", w + "/step", "only a sweep of \"from\" names a step", seen(j["step"]));
            }
            g.levels = number_list(j["values"], w + "/values", limits_);
            // Each value must give a model that reads: within the parameter's domain, a step's year
            // between its neighbours'.
            const improvement_settings& s = *model_->improvement;
            double low = 0.0, high = s.horizon;
            std::string rule;
            if (g.parameter == "from") {
                low = t->sequence[g.step - 1].from;
                if (g.step + 1 < t->sequence.size()) high = t->sequence[g.step + 1].from;
                rule = "after the step before (" + adva::detail::number_text(low) + ") and before the step after or within the horizon (" + adva::detail::number_text(high) + ")";
            } else {
                for (const auto& d : adva::detail::transition_domains(s.scale, s.horizon))
                    if (d.key == g.parameter) low = d.low, high = d.high;
                rule = "within the parameter's domain, " + adva::detail::number_text(low) + " to " + adva::detail::number_text(high);
            }
            for (std::size_t k = 0; k < g.levels.size(); ++k) {
                const double v = g.levels[k];
                const bool inside = g.parameter == "from" ? (v > low && (v < high || (g.step + 1 == t->sequence.size() && v <= high)))
                                                          : (v >= low && v <= high);
                if (!inside) fail("adva.scenario.bad_value", w + "/values/" + std::to_string(k), rule, adva::detail::signed_number(v, false));
            }
        } else if (kind == "product") {
            g.kind = generator_kind::product;
            known({"of"});
            const auto& of = j["of"];
            if (!of.is_array() || of.size() < 2) fail("adva.json.type", w + "/of", "expected a list of at least two generators", seen(of));
            int stakeholder_factors = 0;
            for (std::size_t k = 0; k < of.size(); ++k) {
                g.factors.push_back(read_generator(of[k], w + "/of/" + std::to_string(k), false));
                stakeholder_factors += g.factors.back().kind == generator_kind::stakeholders;
            }
            if (stakeholder_factors > 1)
                fail("adva.scenario.bad_value", w + "/of", "a product may hold at most one stakeholders factor (a scenario has one weight set)");
        } else {
            fail("adva.scenario.bad_value", w + "/kind",
                 "expected weight_sweep, weight_grid, score_sweep, stakeholders, cost_sweep, optimism_bias_sweep, transition_sweep or product",
                 seen(j["kind"]));
        }
        if (g.count() > max_scenarios) throw limit_exceeded("adva.scenario.too_many", w, "at most 2^53 scenarios per file", "more");
        return g;
    }

    analysis_request read_analyses(const json& j, const std::string& w, const analysis_request& defaults) {
        analysis_request a = defaults;
        expect_object(j, w, {"rank", "value_for_money", "sensitivity", "smaa"});
        if (j.contains("rank") && j["rank"] != true)
            fail("adva.scenario.bad_value", w + "/rank", "the ranking is always computed: \"rank\" may only be true", seen(j["rank"]));
        if (j.contains("value_for_money")) a.value_for_money = detail::as_bool(j["value_for_money"], w + "/value_for_money");
        if (j.contains("sensitivity")) {
            const auto& s = j["sensitivity"];
            a.sensitivity_nodes.clear();
            if (s.is_boolean()) {
                a.sensitivity = s.get<bool>();
            } else {
                expect_object(s, w + "/sensitivity", {"nodes"});
                a.sensitivity = true;
                if (s.contains("nodes")) {
                    if (!s["nodes"].is_array()) fail("adva.json.type", w + "/sensitivity/nodes", "expected a list of criterion ids", seen(s["nodes"]));
                    for (std::size_t k = 0; k < s["nodes"].size(); ++k)
                        a.sensitivity_nodes.push_back(as_string(s["nodes"][k], w + "/sensitivity/nodes/" + std::to_string(k)));
                }
            }
        }
        if (j.contains("smaa")) {
            const auto& s = j["smaa"];
            if (s == false) {
                a.smaa = false;
            } else {
                expect_object(s, w + "/smaa", {"samples", "seed"});
                a.smaa = true;
                a.smaa_settings = {};
                a.smaa_settings.threads = 1;  // the batch is parallel over scenarios already
                if (s.contains("samples")) a.smaa_settings.samples = as_count(s["samples"], w + "/smaa/samples");
                if (s.contains("seed")) a.smaa_settings.seed = as_count(s["seed"], w + "/smaa/seed");
                if (a.smaa_settings.samples == 0 || a.smaa_settings.samples > 100000000)
                    fail("adva.scenario.bad_value", w + "/smaa/samples", "samples must be in [1, 10^8]", std::to_string(a.smaa_settings.samples));
            }
        }
        return a;
    }

    scenario read_scenario(const json& j, const std::string& w, const analysis_request& defaults) {
        expect_object(j, w, {"id", "patch", "group", "weights", "scores", "analyses"});
        scenario s;
        s.pointer = w;
        if (!j.contains("id")) fail("adva.json.missing_key", w + "/id", "every scenario has an id");
        s.id = as_string(j["id"], w + "/id");
        if (s.id.empty()) fail("adva.scenario.bad_id", w + "/id", "a scenario id is non-empty", seen(j["id"]));
        const std::string named = "scenario \"" + s.id + "\": ";
        if (j.contains("patch")) {
            if (!j["patch"].is_object()) fail("adva.json.type", w + "/patch", named + "a merge patch over the model is an object", seen(j["patch"]));
            s.patch = j["patch"];
            s.label = "patch";
        }
        if (j.contains("group")) {
            s.group = as_string(j["group"], w + "/group");
            check_group(s.group, w + "/group");
            s.label += (s.label.empty() ? "" : ",") + s.group;
        }
        if (j.contains("weights")) {
            const auto& ws = j["weights"];
            if (!ws.is_array()) fail("adva.json.type", w + "/weights", named + "expected a list of {node, percent}", seen(ws));
            for (std::size_t k = 0; k < ws.size(); ++k) {
                const std::string p = w + "/weights/" + std::to_string(k);
                expect_object(ws[k], p, {"node", "percent"});
                if (!ws[k].contains("node") || !ws[k].contains("percent")) fail("adva.json.missing_key", p, named + "a weight change needs node and percent");
                const double pct = as_number(ws[k]["percent"], p + "/percent");
                if (pct < -100.0) fail("adva.scenario.bad_value", p + "/percent", named + "a weight cannot fall by more than 100%", seen(ws[k]["percent"]));
                s.weights.push_back({node_index(ws[k]["node"], p + "/node"), pct});
            }
        }
        if (j.contains("scores")) {
            const auto& ss = j["scores"];
            if (!ss.is_array()) fail("adva.json.type", w + "/scores", named + "expected a list of {option, criterion, value}", seen(ss));
            for (std::size_t k = 0; k < ss.size(); ++k) {
                const std::string p = w + "/scores/" + std::to_string(k);
                expect_object(ss[k], p, {"option", "criterion", "value"});
                if (!ss[k].contains("option") || !ss[k].contains("criterion") || !ss[k].contains("value"))
                    fail("adva.json.missing_key", p, named + "a score change needs option, criterion and value");
                s.scores.push_back({option_index(ss[k]["option"], p + "/option"), leaf_index(ss[k]["criterion"], p + "/criterion"),
                                    as_number(ss[k]["value"], p + "/value")});
            }
        }
        if (s.patch && (!s.weights.empty() || !s.scores.empty()))
            fail("adva.scenario.mixed_changes", w, named + "a merge patch cannot be combined with weight or score changes (write them in the patch)");
        s.analyses = j.contains("analyses") ? read_analyses(j["analyses"], w + "/analyses", defaults) : defaults;
        return s;
    }

    std::filesystem::path base_dir_;
    read_limits limits_;
    scenario_source src_;
    const appraisal* model_ = nullptr;
};

/// A JSON Merge Patch (RFC 7386) that also reaches into arrays of identified elements: where the
/// target is an array (options, criteria, gates, an option's cost lines …) and the patch an object,
/// each key names an element by its "id", its value merge-patches that element in the same way, and
/// null removes it. A plain merge patch would replace the whole array, so changing one cost line
/// would mean restating every option.
void keyed_merge_patch(json& target, const json& patch, const json::json_pointer& where) {
    if (!patch.is_object()) {
        target = patch;
        return;
    }
    if (target.is_array()) {
        // Indexed once, so k keys over n elements take O(n + k); the ids are copied because a patch
        // may change an element's own id.
        std::unordered_map<std::string, std::size_t> by_id;
        std::vector<std::string> ids;   // in array order, for the error's list
        for (std::size_t i = 0; i < target.size(); ++i) {
            const json& e = target[i];
            if (e.is_object() && e.contains("id") && e["id"].is_string()) {
                ids.push_back(e["id"].get<std::string>());
                by_id.emplace(ids.back(), i);
            }
        }
        std::vector<bool> removed(target.size(), false);
        for (const auto& [key, value] : patch.items()) {
            const auto at = where / key;
            const auto found = by_id.find(key);
            if (found == by_id.end())
                fail("adva.scenario.unknown_element", at.to_string(),
                     "a keyed patch names an element of the array by its id (" + known_ids_text(key, ids) + ")", seen(json(key)));
            if (value.is_null())
                removed[found->second] = true;
            else if (value.is_object())
                keyed_merge_patch(target[found->second], value, at);
            else
                fail("adva.json.type", at.to_string(), "an element's patch is an object (or null, to remove the element)", seen(value));
        }
        json kept = json::array();
        for (std::size_t i = 0; i < target.size(); ++i)
            if (!removed[i]) kept.push_back(std::move(target[i]));
        target = std::move(kept);
        return;
    }
    if (!target.is_object()) target = json::object();
    for (const auto& [key, value] : patch.items()) {
        if (value.is_null())
            target.erase(key);
        else
            keyed_merge_patch(target[key], value, where / key);
    }
}

/// The source's patch_base: the base's JSON (written once, at the first patched scenario, whichever
/// thread runs it) with the patch applied (keyed_merge_patch), read back and validated.
std::function<appraisal(const json&)> merge_patcher(std::shared_ptr<const appraisal> base) {
    struct written_once {
        std::once_flag once;
        json document;
    };
    auto written = std::make_shared<written_once>();
    return [base = std::move(base), written](const json& patch) {
        std::call_once(written->once, [&] { written->document = model_to_json(*base); });
        json document = written->document;
        keyed_merge_patch(document, patch, json::json_pointer("/patch"));
        return model_from_json(document);
    };
}

}  // namespace

scenario_source scenarios_from_json(const nlohmann::json& document, const std::filesystem::path& base_dir, const read_limits& limits) {
    scenario_source source = reader(base_dir, limits).read(document);
    source.patch_base = merge_patcher(source.base);
    return source;
}

scenario_source parse_scenarios(std::string_view text, const std::filesystem::path& base_dir, const read_limits& limits) {
    return scenarios_from_json(parse_json(text, limits), base_dir, limits);
}

scenario_source load_scenarios(const std::filesystem::path& file, const read_limits& limits) {
    const auto base_dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    return read_json_as(file.string(), limits, "scenario file",
                        [&](const nlohmann::json& document) { return scenarios_from_json(document, base_dir, limits); });
}

}  // namespace adva::io
