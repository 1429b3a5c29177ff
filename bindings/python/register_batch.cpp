// Scenario batches (adva/scenario/runner.hpp, issue 6): count and run an index range of a scenario
// file's scenarios. Everything after the argument conversion — reading the file, the parallel run,
// rendering — happens with the GIL released, so Dask workers (adva.batch.run_dask) run partitions
// on threads of one process in parallel. Results cross as the JSONL text of `adva batch`; the
// pure-Python layer (adva/batch.py) turns it into a DataFrame.
#include <cstdint>
#include <limits>
#include <string>

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include "adva/io/scenario_json.hpp"
#include "adva/scenario/runner.hpp"
#include "bindings.hpp"

namespace adva::python {

void register_batch(nb::module_& m) {
    m.def(
        "batch_count",
        [](const std::string& text, const std::string& base_dir) {
            nb::gil_scoped_release unlocked;
            return io::parse_scenarios(text, base_dir).count();
        },
        nb::arg("text"), nb::arg("base_dir"), "Number of scenarios a scenario file (JSON text) describes.");
    m.def(
        "batch_run",
        [](const std::string& text, const std::string& base_dir, std::uint64_t first, std::uint64_t last, int threads) {
            std::string lines;
            {
                nb::gil_scoped_release unlocked;
                const auto source = io::parse_scenarios(text, base_dir);
                batch_options options;
                options.first = first;
                options.last = last;
                options.threads = threads;
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
