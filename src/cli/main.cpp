// adva: appraising alternative delivery vehicles for public services. Dispatches on the first
// argument to one function per command (commands.hpp).
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli_support.hpp"
#include "commands.hpp"

#ifndef ADVA_VERSION
#define ADVA_VERSION "unknown"
#endif

namespace {

using command_fn = int (*)(const adva::cli::args&, std::ostream&, std::ostream&);

struct command {
    const char* name;
    command_fn run;
    const char* summary;
};

// The tutorial order: init → questions → answer → validate → lock → score → appraise → report → explain.
constexpr command commands[] = {
    {"init", adva::cli::run_init, "write a starter model (the default questions and options, no answers, no scores)"},
    {"questions", adva::cli::run_questions, "list the question set by function, with links and answers per group"},
    {"answer", adva::cli::run_answer, "record a group's answer to a question (swings, whether a gate applies, words)"},
    {"elicit", adva::cli::run_elicit, "ask a group AHP, MACBETH or PAPRIKA questions for a weight question; record the answer"},
    {"validate", adva::cli::run_validate, "check a model file and show its governance state"},
    {"lock", adva::cli::run_lock, "lock the framing before options are scored: digest, copy and audit entry"},
    {"reopen", adva::cli::run_reopen, "release the lock to change the framing, with a reason (audit entry)"},
    {"criteria", adva::cli::run_criteria, "what to enter for each leaf criterion: unit, domain, anchors, value function"},
    {"scoresheet", adva::cli::run_scoresheet, "write a scoring sheet for a panel (CSV or xlsx): one row per option and criterion"},
    {"import-scores", adva::cli::run_import_scores, "read a filled-in scoring sheet back into the model (through the record)"},
    {"score", adva::cli::run_score, "change a score after lock through the record (old -> new, who, why)"},
    {"verify", adva::cli::run_verify, "check the decision record: framing, audit chain, published digest, signatures"},
    {"appraise", adva::cli::run_appraise, "screen, score and rank the options (default: the embedded model)"},
    {"economics", adva::cli::run_economics, "the economic case: cash flows by year, optimism bias, NPC, affordability"},
    {"trajectory", adva::cli::run_trajectory, "improvement over time: each option's path to the target grade, its dip and recovery"},
    {"report", adva::cli::run_report, "the decision report: one self-contained HTML file with charts (or Markdown)"},
    {"explain", adva::cli::run_explain, "break the gap between two options down by criterion"},
    {"evaluate", adva::cli::run_evaluate, "decision-matrix mode: rank alternatives (JSON in, JSON out) by a named method"},
    {"weights", adva::cli::run_weights, "derive criteria weights alone (JSON in, JSON out)"},
    {"sensitivity", adva::cli::run_sensitivity, "one-way weight sensitivity at every node: crossovers, stability, thresholds"},
    {"what-if", adva::cli::run_what_if, "the smallest weight change that makes an option win (or proof it cannot)"},
    {"smaa", adva::cli::run_smaa, "SMAA-2 on the short list: rank acceptability, central weights, confidence"},
    {"compare", adva::cli::run_compare, "rankings per stakeholder group and per aggregation method"},
    {"batch", adva::cli::run_batch, "run a scenario file (weight sweeps, score sweeps, stakeholder sets, patches) to JSONL"},
};

void usage(std::ostream& out) {
    out << "usage: adva <command> [arguments] [--help]\n"
           "\n"
           "Appraises alternative delivery vehicle options for public services: function before form,\n"
           "gates, weighted criteria, value for money.\n"
           "\n"
           "commands:\n";
    for (const auto& c : commands) {
        std::string name = c.name;
        name.resize(15, ' ');  // the longest name, import-scores, and two spaces
        out << "  " << name << c.summary << '\n';
    }
    out << "\n"
           "  adva --help          this list\n"
           "  adva --version       the version\n"
           "  adva COMMAND --help  the command's arguments\n"
           "\n"
           "Options are --name VALUE or --name=VALUE (a value may start with '-': --out -), each at most\n"
           "once, never abbreviated; '--' ends the options; '-' as MODEL or FILE is standard input.\n"
           "\n"
           "Exit status: 0 success; 2 invalid input, usage or a step not allowed now (locking twice);\n"
           "3 the decision record does not verify (adva verify, --strict); 1 anything else.\n"
           "Try: adva appraise   (the embedded, illustrative children's services appraisal)\n";
}

int dispatch(const std::vector<std::string>& argv) {
    if (argv.empty()) {
        usage(std::cerr);
        return 2;
    }
    const std::string& first = argv[0];
    if (first == "--help" || first == "-h" || first == "help") {
        if (first == "help" && argv.size() > 1) {
            for (const auto& c : commands)
                if (argv[1] == c.name) return c.run({"--help"}, std::cout, std::cerr);
        } else {
            usage(std::cout);
            return 0;
        }
    }
    if (first == "--version" || first == "version") {
        std::cout << "adva " << ADVA_VERSION << '\n';
        return 0;
    }
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    for (const auto& c : commands)
        if (first == c.name) return c.run(rest, std::cout, std::cerr);
    const std::string what = first == "help" ? argv[1] : first;
    std::cerr << "adva: error: [adva.cli.usage] unknown command (see 'adva --help') (seen: \"" << what << "\")\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    return adva::cli::guarded(std::cerr, [&] {
        std::vector<std::string> args(argv + 1, argv + argc);
        const int status = dispatch(args);
        std::cout.flush();
        if (!std::cout) {
            std::cerr << "adva: error: [adva.io.write] standard output: writing the output failed\n";
            return 1;
        }
        return status;
    });
}
