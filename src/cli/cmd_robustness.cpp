// The robustness commands of adva: sensitivity, what-if, smaa and compare (docs/robustness.md).
// Each reads a model (the embedded one when no file is named), prints a table (default) or JSON,
// and exits 0, 2 (invalid input or usage) or 1 (anything else). Output is fully formed before
// anything is written.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "adva/analysis/elicited_smaa.hpp"
#include "adva/analysis/robustness.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/robustness_json.hpp"
#include "adva/io/smaa_json.hpp"
#include "adva/threads.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {
namespace {

const char* const sensitivity_help =
    "usage: adva sensitivity [MODEL] [--group GROUP] [--node NODE] [--format table|json]\n"
    "One-way weight sensitivity at every node of the value tree: as a node's local weight moves over\n"
    "[0, 1] its siblings are rescaled proportionally (proportional_siblings). Prints every crossover,\n"
    "the interval within which the winner stays first and the ranking is unchanged, tornado data\n"
    "(totals at weight 0, now and 1), and the score change on each leaf that changes the winner.\n"
    "  MODEL           model file (default: the embedded illustrative model); - reads standard input\n"
    "  --group GROUP   a stakeholder group's weights (default: the consensus)\n"
    "  --node NODE     one node only\n"
    "  --format F      table (default) or json\n";

const char* const what_if_help =
    "usage: adva what-if [MODEL] --winner OPTION [--norm l1|linf] [--group GROUP] [--format table|json]\n"
    "The smallest change of the global leaf weights (within the simplex; expressible on the tree) that\n"
    "makes OPTION at least tied first, with the new weights at every node, or a proof that no weights\n"
    "can (the options, or mix of options, better on every criterion).\n"
    "  --winner OPTION  the option to make the winner (required)\n"
    "  --norm N         l1 (default: total weight moved) or linf (largest change of one weight)\n"
    "  --group GROUP    start from a stakeholder group's weights (default: the consensus)\n"
    "  --format F       table (default) or json\n";

const char* const smaa_help =
    "usage: adva smaa [MODEL] [--weights uniform|elicited] [--group G] [--samples N] [--seed S] [--threads T]\n"
    "                 [--format table|json]\n"
    "       adva smaa --matrix FILE|- [--samples N] [--seed S] [--threads T] [--format table|json]\n"
    "       adva smaa --replay FILE [--threads T] [--format table|json]\n"
    "SMAA-2 on the model's short list: leaf values 0-100, weights uniform within each parent of the\n"
    "tree, uncertain scores sampled through the value functions. Prints rank acceptability, confidence\n"
    "factors (JSON adds central weights, pairwise winning indices and every standard error).\n"
    "Same seed: identical results on any thread count.\n"
    "  --weights W     uniform (default): local weights uniform within each parent; elicited: uniform\n"
    "                  on the weights a group's answers allow (AHP, MACBETH, PAPRIKA, swings), by\n"
    "                  hit-and-run (docs/elicitation.md)\n"
    "  --group G       elicited: whose answers (default: the lead group, or the one group that answered)\n"
    "  --matrix FILE   SMAA-2 on a decision matrix instead: {\"matrix\", \"types\"?, \"alternatives\"?,\n"
    "                  \"weights\"?, \"uncertainty\"?} (docs/smaa.md), as adva.smaa in Python\n"
    "  --samples N     Monte Carlo samples (default 10000)\n"
    "  --seed S        seed (default 0)\n"
    "  --threads T     threads, 0 = every core (default 0), at most 256\n"
    "  --replay FILE   externally supplied samples {\"weights\": NxC, \"values\": NxAxC | \"matrix\": AxC}\n"
    "                  (docs/smaa.md); --format json gives every result to the last bit\n"
    "  --format F      table (default) or json\n";

const char* const compare_help =
    "usage: adva compare [MODEL] [--group GROUP] [--format table|json]\n"
    "Stakeholder comparison (each group's ranking and winner, the consensus, Kendall's tau-b between\n"
    "every pair) and method comparison (the short list ranked by the additive model, weighted\n"
    "product, TOPSIS vector and min-max, VIKOR v = 0.5 and PROMETHEE II with the usual criterion, on\n"
    "the leaf values 0-100 with the global leaf weights).\n"
    "  --group GROUP   weights of the method comparison (default: the consensus)\n"
    "  --format F      table (default) or json\n";

appraisal model_arg(const parsed_args& p) {
    if (!p.positional.empty()) return io::load_model(p.positional[0]);
    return io::default_model();
}

bool json_format(const parsed_args& p, const std::string& command) {
    const std::string f = p.value("format").value_or("table");
    if (f != "table" && f != "json")
        throw invalid_input("adva.report.format", "--format", command + " prints table or json", "\"" + f + "\"");
    return f == "json";
}

appraise_options options_for(const appraisal& model, const parsed_args& p, const std::string& id_prefix) {
    appraise_options o;
    o.group = p.value("group").value_or(std::string());
    if (!o.group.empty() && !model.group_index(o.group))
        throw invalid_input(id_prefix + ".unknown_group", "--group",
                            "no stakeholder group with this id in the model (" + known_ids_text(o.group, ids_of(model.groups)) + ")",
                            "\"" + o.group + "\"");
    return o;
}

void write(std::ostream& out, const std::string& text) {
    out << text;
    out.flush();
}

}  // namespace

int run_sensitivity(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "sensitivity", {{"group"}, {"node"}, {"format"}}, 0, 1);
        if (p.help) return write(out, sensitivity_help), 0;
        const bool json = json_format(p, "sensitivity");
        const appraisal model = model_arg(p);
        auto s = sensitivity(model, options_for(model, p, "adva.sensitivity"));
        if (const auto node = p.value("node")) {
            node_sensitivity keep;
            bool found = false;
            for (auto& n : s.nodes)
                if (n.node == *node) keep = std::move(n), found = true;
            if (!found)
                throw invalid_input("adva.sensitivity.unknown_node", "--node",
                                    "the node must be a criterion of the value tree (" + known_ids_text(*node, ids_of(model.criteria)) + ")",
                                    "\"" + *node + "\"");
            s.nodes = {std::move(keep)};
        }
        write(out, json ? io::sensitivity_to_json(s).dump(2) + "\n" : io::sensitivity_table(s));
        return 0;
    });
}

int run_what_if(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "what-if", {{"winner"}, {"norm"}, {"group"}, {"format"}}, 0, 1);
        if (p.help) return write(out, what_if_help), 0;
        const bool json = json_format(p, "what-if");
        const auto winner = p.value("winner");
        if (!winner) throw usage_error("what-if", "--winner OPTION is required");
        const std::string norm_name = p.value("norm").value_or("l1");
        if (norm_name != "l1" && norm_name != "linf")
            throw invalid_input("adva.what_if.norm", "--norm", "the distance is l1 or linf", "\"" + norm_name + "\"");
        const appraisal model = model_arg(p);
        const auto w = what_if(model, *winner, norm_name == "l1" ? weight_distance::l1 : weight_distance::linf,
                               options_for(model, p, "adva.what_if"));
        write(out, json ? io::what_if_to_json(w).dump(2) + "\n" : io::what_if_table(w));
        return 0;
    });
}

int run_smaa(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "smaa",
                                  {{"samples", count_range{1}}, {"seed", count_range{}}, {"threads", count_range{0, adva::max_threads}},
                                   {"replay"}, {"matrix"}, {"weights"}, {"group"}, {"format"}},
                                  0, 1);
        if (p.help) return write(out, smaa_help), 0;
        const bool json = json_format(p, "smaa");
        const int threads = detail::checked_threads(p.unsigned_value("threads", 0), "--threads");
        if (const auto replay = p.value("replay")) {
            if (!p.positional.empty() || p.value("samples") || p.value("seed") || p.value("matrix") || p.value("weights") || p.value("group"))
                throw usage_error("smaa", "--replay takes its samples from FILE: no MODEL, --matrix, --weights, --group, --samples or --seed");
            const auto samples = io::read_json(*replay, io::matrix_read_limits(), "replay file");
            write(out, json ? io::smaa_replay_json(samples, threads).dump(2) + "\n" : io::smaa_replay_table(samples, threads));
            return 0;
        }
        smaa_options o;
        o.samples = p.unsigned_value("samples", 10000);
        o.seed = p.unsigned_value("seed", 0);
        o.threads = threads;
        if (const auto matrix = p.value("matrix")) {
            if (!p.positional.empty() || p.value("weights") || p.value("group"))
                throw usage_error("smaa", "--matrix takes the decision matrix and its weights from FILE: no MODEL, --weights or --group");
            const auto doc = io::read_json(*matrix, io::matrix_read_limits(), "matrix file");
            write(out, json ? io::smaa_json(doc, o).dump(2) + "\n" : io::smaa_matrix_table(doc, o));
            return 0;
        }
        const bool elicited = elicited_weights_named(p.value("weights").value_or("uniform"), "--weights");
        if (!elicited && p.value("group")) throw usage_error("smaa", "--group names whose answers bound --weights elicited");
        const appraisal model = model_arg(p);
        const auto r = elicited ? model_smaa_elicited(model, p.value("group").value_or(std::string()), o) : model_smaa(model, o);
        write(out, json ? io::model_smaa_to_json(r).dump(2) + "\n" : io::model_smaa_table(r));
        return 0;
    });
}

int run_compare(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "compare", {{"group"}, {"format"}}, 0, 1);
        if (p.help) return write(out, compare_help), 0;
        const bool json = json_format(p, "compare");
        const appraisal model = model_arg(p);
        const auto options = options_for(model, p, "adva.compare");
        const auto stakeholders = compare_stakeholders(model);
        const auto methods = compare_methods(model, appraise(model, options));
        if (json) {
            nlohmann::json doc = {{"analysis", "compare"},
                                  {"stakeholders", io::stakeholder_comparison_to_json(stakeholders)},
                                  {"methods", io::method_comparison_to_json(methods)}};
            write(out, doc.dump(2) + "\n");
        } else {
            write(out, io::comparison_table(stakeholders, methods));
        }
        return 0;
    });
}

}  // namespace adva::cli
