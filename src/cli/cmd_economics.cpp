// adva economics: the economic case of a model (docs/economics.md).
#include <ostream>
#include <string>

#include "adva/analysis/economics.hpp"
#include "adva/io/economics_report.hpp"
#include "adva/io/model_json.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {

namespace {

constexpr const char* economics_help =
    "usage: adva economics [MODEL] [--format table|json|csv|markdown] [--by-year]\n"
    "\n"
    "The economic case of every option: its cash flows by year in real prices, capital and revenue\n"
    "apart; the net present cost before and after the optimism-bias uplift of each line; monetised\n"
    "benefits (net present social value, benefit-cost ratio) when the model has any; and each year's\n"
    "headroom against the budget envelope when it has one. Without MODEL, the embedded children's\n"
    "services model is used.\n"
    "\n"
    "  --format F    table (default, for people), json (every figure and the conventions used),\n"
    "                csv (one row per option and year) or markdown (the summary)\n"
    "  --by-year     the table also shows each option's cash flows and headroom by year\n";

}  // namespace

int run_economics(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "economics", {{"format"}, {"by-year", false}}, 0, 1);
        if (p.help) {
            out << economics_help;
            return 0;
        }
        const auto format = io::parse_report_format(p.value("format").value_or("table"));
        const appraisal model = p.positional.empty() ? io::default_model() : io::load_model(p.positional[0]);
        out << io::render_economic_case(model, compute_economic_case(model), format, p.flag("by-year"));
        return 0;
    });
}

}  // namespace adva::cli
