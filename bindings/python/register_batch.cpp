// Scenario batches (adva/scenario/runner.hpp, issue 6): count and run an index range of a scenario
// file's scenarios. Everything after the argument conversion — reading the file, the parallel run,
// rendering — happens with the GIL released, so Dask workers (adva.batch.run_dask) run partitions
// on threads of one process in parallel. Results cross as the JSONL text of `adva batch`; the
// pure-Python layer (adva/batch.py) turns it into a DataFrame.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include "adva/io/scenario_json.hpp"
#include "adva/scenario/runner.hpp"
#include "adva/threads.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

/// batch_run returns every line of its range at once (then a DataFrame): a range of more scenarios
/// is refused before anything runs. `adva batch --out FILE` streams any number to a file.
constexpr std::uint64_t max_in_memory = 1000000;

void check_in_memory(std::uint64_t count, std::uint64_t first, std::uint64_t last) {
    const std::uint64_t end = std::min(last, count), size = first < end ? end - first : 0;
    if (size > max_in_memory)
        throw limit_exceeded("adva.limits.batch_in_memory", "last",
                             "a batch run in memory returns at most " + std::to_string(max_in_memory) +
                                 " scenarios: run a range of the file (first, last) at a time, or stream it to a file with adva batch --out",
                             std::to_string(size) + " scenarios");
}

}  // namespace

void register_batch(nb::module_& m) {
    m.attr("batch_max_in_memory") = max_in_memory;
    m.def(
        "batch_count",
        [](const std::string& text, const std::string& base_dir) {
            nb::gil_scoped_release unlocked;
            return io::parse_scenarios(text, base_dir).count();
        },
        nb::arg("text"), nb::arg("base_dir"), "Number of scenarios a scenario file (JSON text) describes.");
    m.def(
        "batch_run",
        [](const std::string& text, const std::string& base_dir, std::uint64_t first, std::uint64_t last, std::int64_t threads) {
            std::string lines;
            {
                nb::gil_scoped_release unlocked;
                const auto source = io::parse_scenarios(text, base_dir);
                check_in_memory(source.count(), first, last);
                batch_options options;
                options.first = first;
                options.last = last;
                options.threads = detail::checked_threads(threads);
                options.render_jsonl = true;
                run_batch(source, options, [&](const batch_chunk& c) { lines += c.jsonl; });
            }
            return lines;
        },
        nb::arg("text"), nb::arg("base_dir"), nb::arg("first") = 0,
        nb::arg("last") = std::numeric_limits<std::uint64_t>::max(), nb::arg("threads") = 0,
        "Runs scenarios [first, last) of a scenario file (JSON text); returns their JSONL lines in index order.");
}

}  // namespace adva::python
