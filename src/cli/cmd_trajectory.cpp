// adva trajectory: improvement over time for each option (docs/trajectories.md).
#include <algorithm>
#include <ostream>
#include <string>

#include "adva/analysis/trajectory.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/trajectory_report.hpp"
#include "adva/known_ids.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {

namespace {

constexpr const char* trajectory_help =
    "usage: adva trajectory [MODEL] [--option O] [--samples N] [--seed S] [--threads T]\n"
    "                       [--points K] [--format table|json|csv|markdown]\n"
    "\n"
    "Improvement over time: each option's service quality along the model's improvement plan, with\n"
    "the dip, trough and recovery of its change of vehicle (docs/trajectories.md). For each option:\n"
    "the chance of being in the target grade or above at the target year, and of being there for\n"
    "good by then; the expected years until it is (the horizon if never); the depth and length of\n"
    "the dip; the level averaged over the horizon with discounting; and the expected path with\n"
    "bands. Exact when no parameter is uncertain, else seeded Monte Carlo (the same seed gives the\n"
    "same numbers on any thread count). Without MODEL, the embedded children's services model.\n"
    "\n"
    "  --option O    only option O\n"
    "  --samples N   Monte Carlo samples for uncertain transitions (default 10000, at most 10^8)\n"
    "  --seed S      the random seed (default 1)\n"
    "  --threads T   0 (default) = every core\n"
    "  --points K    times at which the path and bands are given, evenly over the horizon (default 41)\n"
    "  --format F    table (default, for people), json (every figure and the conventions used),\n"
    "                csv (one row per option and path point) or markdown (the summary)\n";

}  // namespace

int run_trajectory(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "trajectory",
                                  {{"option"}, {"samples", count_range{1, 100'000'000}}, {"seed", count_range{}},
                                   {"threads", count_range{0, adva::max_threads}}, {"points", count_range{2, 1'001}}, {"format"}},
                                  0, 1);
        if (p.help) {
            out << trajectory_help;
            return 0;
        }
        const auto format = io::parse_report_format(p.value("format").value_or("table"));
        trajectory_options o;
        o.samples = p.unsigned_value("samples", o.samples);
        o.seed = p.unsigned_value("seed", o.seed);
        o.threads = detail::checked_threads(p.unsigned_value("threads", 0), "--threads");
        o.path_points = std::size_t(p.unsigned_value("points", o.path_points));
        const appraisal model = p.positional.empty() ? io::default_model() : io::load_model(p.positional[0]);
        auto measures = trajectory_analysis(model, o);
        if (const auto only = p.value("option")) {
            if (!model.option_index(*only))
                throw usage_error("trajectory", "--option names an option of the model (" + known_ids_text(*only, ids_of(model.options)) + ")",
                                  quote_seen(*only));
            std::erase_if(measures, [&](const trajectory_measures& m) { return m.option != *only; });
        }
        out << io::render_trajectories(model, measures, o, format);
        return 0;
    });
}

}  // namespace adva::cli
