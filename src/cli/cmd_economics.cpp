// adva economics: the economic case of a model (docs/economics.md).
#include <ostream>
#include <string>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/cost_tornado.hpp"
#include "adva/analysis/economics.hpp"
#include "adva/analysis/switching_values.hpp"
#include "adva/io/economics_report.hpp"
#include "adva/io/model_json.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {

namespace {

constexpr const char* economics_help =
    "usage: adva economics [MODEL] [--view case|switching-values|tornado] [--format table|json|csv|markdown]\n"
    "                      [--by-year] [--group G]\n"
    "\n"
    "The economic case of every option: its cash flows by year in real prices, capital and revenue\n"
    "apart; the net present cost before and after the optimism-bias uplift of each line; monetised\n"
    "benefits (net present social value, benefit-cost ratio) when the model has any; and each year's\n"
    "headroom against the budget envelope when it has one. Without MODEL, the embedded children's\n"
    "services model is used.\n"
    "\n"
    "  --view V      case (default): the figures above\n"
    "                switching-values: for each short-listed option with costs, the change in its\n"
    "                  net present cost (in money and per cent) at which it joins or leaves the\n"
    "                  efficiency frontier, and the nearest rise and fall at which the incremental\n"
    "                  ranking changes (the model's weights are needed)\n"
    "                tornado: each option's net present cost as each cost line runs over its\n"
    "                  range (its own, else its optimism-bias category's lower to upper bound),\n"
    "                  widest first, and whether that reaches a switching value\n"
    "  --format F    table (default, for people), json (every figure and the conventions used),\n"
    "                csv (one row per option and year, option or line) or markdown\n"
    "  --by-year     case view: the table also shows each option's cash flows and headroom by year\n"
    "  --group G     switching-values and tornado views: the weights of stakeholder group G\n";

}  // namespace

int run_economics(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "economics", {{"view"}, {"format"}, {"by-year", false}, {"group"}}, 0, 1);
        if (p.help) {
            out << economics_help;
            return 0;
        }
        const std::string view = p.value("view").value_or("case");
        if (view != "case" && view != "switching-values" && view != "tornado")
            throw usage_error("economics", "--view is case, switching-values or tornado", quote_seen(view));
        if (p.flag("by-year") && view != "case") throw usage_error("economics", "--by-year applies to the case view only");
        if (p.value("group") && view == "case")
            throw usage_error("economics", "--group applies to the switching-values and tornado views only");
        const auto format = io::parse_report_format(p.value("format").value_or("table"));
        const appraisal model = p.positional.empty() ? io::default_model() : io::load_model(p.positional[0]);
        if (view == "case") {
            out << io::render_economic_case(model, compute_economic_case(model), format, p.flag("by-year"));
            return 0;
        }
        appraise_options options;
        options.group = p.value("group").value_or(std::string());
        check_group(model, options.group, "economics");
        const appraisal_result result = appraise(model, options);
        const auto switching = switching_values(result.value_for_money);
        if (view == "switching-values")
            out << io::render_switching_values(model, result, switching, format);
        else
            out << io::render_cost_tornado(model, cost_tornado(model, compute_economic_case(model), switching), format);
        return 0;
    });
}

}  // namespace adva::cli
