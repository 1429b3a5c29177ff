// adva economics: the economic case of a model (docs/economics.md).
#include <ostream>
#include <string>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/economics.hpp"
#include "adva/analysis/switching_values.hpp"
#include "adva/io/economics_report.hpp"
#include "adva/io/model_json.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {

namespace {

constexpr const char* economics_help =
    "usage: adva economics [MODEL] [--format table|json|csv|markdown] [--by-year]\n"
    "                      [--switching-values [--group G]]\n"
    "\n"
    "The economic case of every option: its cash flows by year in real prices, capital and revenue\n"
    "apart; the net present cost before and after the optimism-bias uplift of each line; monetised\n"
    "benefits (net present social value, benefit-cost ratio) when the model has any; and each year's\n"
    "headroom against the budget envelope when it has one. Without MODEL, the embedded children's\n"
    "services model is used.\n"
    "\n"
    "  --format F    table (default, for people), json (every figure and the conventions used),\n"
    "                csv (one row per option and year) or markdown (the summary)\n"
    "  --by-year     the table also shows each option's cash flows and headroom by year\n"
    "  --switching-values\n"
    "                instead, the switching values of the value-for-money comparison: for each\n"
    "                option with costs, the change in its net present cost (in money and per cent)\n"
    "                at which it joins or leaves the efficiency frontier, and the nearest rise and\n"
    "                fall at which the incremental ranking changes (the model's weights are needed)\n"
    "  --group G     with --switching-values: the weights of stakeholder group G\n";

}  // namespace

int run_economics(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p =
            parse_args(a, "economics", {{"format"}, {"by-year", false}, {"switching-values", false}, {"group"}}, 0, 1);
        if (p.help) {
            out << economics_help;
            return 0;
        }
        const auto format = io::parse_report_format(p.value("format").value_or("table"));
        const appraisal model = p.positional.empty() ? io::default_model() : io::load_model(p.positional[0]);
        if (p.value("group") && !p.flag("switching-values"))
            throw usage_error("economics", "--group applies to --switching-values only");
        if (p.flag("switching-values")) {
            if (p.flag("by-year")) throw usage_error("economics", "--by-year and --switching-values are separate views: give one");
            appraise_options options;
            options.group = p.value("group").value_or(std::string());
            check_group(model, options.group, "economics");
            const appraisal_result result = appraise(model, options);
            out << io::render_switching_values(model, result, switching_values(result.value_for_money), format);
            return 0;
        }
        out << io::render_economic_case(model, compute_economic_case(model), format, p.flag("by-year"));
        return 0;
    });
}

}  // namespace adva::cli
