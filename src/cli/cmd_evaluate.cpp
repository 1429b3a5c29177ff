// `adva evaluate` and `adva weights`: decision-matrix mode (docs/methods.md). Reads one JSON
// document from FILE or standard input, writes the pretty-printed result to out; any failure is
// one line on err and exit status 2 (invalid input or usage) or 1 (anything else). Nothing is
// written to out unless the whole computation succeeded.
#include <string>

#include <nlohmann/json.hpp>

#include "adva/error.hpp"
#include "adva/io/decode.hpp"
#include "adva/io/matrix_json.hpp"
#include "adva/methods/method_registry.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {
namespace {

nlohmann::json read_json_input(const std::string& path) {
    return io::read_json(path, io::matrix_read_limits(), "input file");
}

/// The methods are listed from the registry, so a new method appears here by itself.
std::string evaluate_usage() {
    std::string methods;
    for (const auto& d : method_registry()) methods += (methods.empty() ? "" : ", ") + std::string(d.name);
    return "usage: adva evaluate FILE|-\n"
           "Decision-matrix mode: reads {\"matrix\", \"types\", \"weights\"|\"weighting\", \"method\"} as JSON\n"
           "from FILE (or standard input for -) and writes weights, scores, ranking and the method's\n"
           "results as JSON. Methods: " +
           methods +
           ".\n"
           "Weighting: equal, direct, swing, roc, rank_sum, reciprocal, entropy, critic, ahp.\n"
           "See docs/methods.md for every option and its default.\n";
}

const std::string weights_usage =
    "usage: adva weights FILE|-\n"
    "Weighting alone: reads {\"weighting\": {...}, \"matrix\"?, \"types\"?} as JSON from FILE (or\n"
    "standard input for -) and writes the weights (and AHP's lambda_max, ci, cr) as JSON.\n"
    "See docs/methods.md for every option and its default.\n";

template <class Compute>
int run_json_command(const args& a, std::ostream& out, std::ostream& err, const std::string& command, const std::string& usage,
                     Compute&& compute) {
    return guarded(err, [&] {
        const auto p = parse_args(a, command, {}, 1, 1);
        if (p.help) {
            out << usage;
            return int(exit_status::success);
        }
        const nlohmann::json result = compute(read_json_input(p.positional[0]));
        const std::string text = result.dump(2);  // fully formed before anything is written
        out << text << '\n';
        out.flush();
        return int(exit_status::success);
    });
}

}  // namespace

int run_evaluate(const args& a, std::ostream& out, std::ostream& err) {
    return run_json_command(a, out, err, "evaluate", evaluate_usage(), [](const nlohmann::json& in) { return io::evaluate_decision_json(in); });
}

int run_weights(const args& a, std::ostream& out, std::ostream& err) {
    return run_json_command(a, out, err, "weights", weights_usage, [](const nlohmann::json& in) { return io::weights_json(in); });
}

}  // namespace adva::cli
