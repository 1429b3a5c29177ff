// Scenario batches (adva/scenario/runner.hpp, issue 6): count and run an index range of a scenario
// file's scenarios. Everything after the argument conversion — reading the file, the parallel run,
// rendering — happens with the GIL released, so Dask workers (adva.batch.run_dask) run partitions
// on threads of one process in parallel. Results cross as columns built here from the
// scenario_result structs (one per field of a JSONL line of `adva batch`, docs/batch.md), never as
// JSON text; the pure-Python layer (adva/batch.py) makes the DataFrame from them.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
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

/// One Python str per distinct text (option ids, statuses and states repeat in every row).
class str_pool {
public:
    nb::object operator()(const std::string& s) {
        auto it = pool_.find(s);
        if (it == pool_.end()) it = pool_.emplace(s, nb::str(s.c_str(), s.size())).first;
        return it->second;
    }

private:
    std::unordered_map<std::string, nb::object> pool_;
};

/// A number; None where a JSONL line has null (NaN, infinities).
nb::object num(double x) { return std::isfinite(x) ? nb::object(nb::float_(x)) : nb::object(nb::none()); }

/// The fields of the JSONL lines (append_json_line) as columns, one entry per result: index (numpy
/// int64, or uint64 beyond its range), id, label, status, winner, ranking, ranks, totals,
/// discounted, error, pointer, message; then governance_state (when a scenario ran), sensitivity and
/// smaa (when a scenario asked for them), value_for_money (when a scenario had options with costs). As pandas makes a frame of the lines' records: None where
/// a line has null, NaN where a line has no such field, None throughout a field no line has.
nb::dict batch_columns(const std::vector<scenario_result>& results) {
    const std::size_t n = results.size();
    str_pool str;
    const nb::object none = nb::none(), missing = nb::float_(std::numeric_limits<double>::quiet_NaN());
    std::uint64_t largest = 0;
    bool any_ok = false, any_error = false, any_label = false, any_sensitivity = false, any_smaa = false, any_vfm = false;
    for (const auto& r : results) {
        largest = std::max(largest, r.index);
        any_ok |= r.status != scenario_status::error;
        any_error |= r.status == scenario_status::error;
        any_label |= !r.label.empty();
        any_sensitivity |= !r.sensitivity.empty();
        any_smaa |= r.smaa_samples > 0;
        any_vfm |= !r.value_for_money.empty();
    }
    nb::object index;
    if (largest <= std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
        auto* data = new std::int64_t[n];
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::int64_t>(results[i].index);
        nb::capsule owner(data, [](void* p) noexcept { delete[] static_cast<std::int64_t*>(p); });
        index = nb::cast(nb::ndarray<nb::numpy, std::int64_t, nb::ndim<1>>(data, {n}, owner));
    } else {
        auto* data = new std::uint64_t[n];
        for (std::size_t i = 0; i < n; ++i) data[i] = results[i].index;
        nb::capsule owner(data, [](void* p) noexcept { delete[] static_cast<std::uint64_t*>(p); });
        index = nb::cast(nb::ndarray<nb::numpy, std::uint64_t, nb::ndim<1>>(data, {n}, owner));
    }
    nb::list id, label, status, winner, ranking, ranks, totals, discounted, error, pointer, message, state, sensitivity, smaa,
        value_for_money;
    for (const auto& r : results) {
        id.append(nb::str(r.id.c_str(), r.id.size()));
        label.append(r.label.empty() ? missing : nb::object(nb::str(r.label.c_str(), r.label.size())));
        status.append(str(std::string(to_string(r.status))));
        if (r.status == scenario_status::error) {
            for (nb::list* column : {&winner, &ranking, &ranks, &totals, &discounted, &state, &sensitivity, &smaa, &value_for_money})
                column->append(missing);
            error.append(str(r.error_id));
            pointer.append(nb::str(r.error_pointer.c_str(), r.error_pointer.size()));
            message.append(nb::str(r.error_message.c_str(), r.error_message.size()));
            continue;
        }
        for (nb::list* column : {&error, &pointer, &message}) column->append(missing);
        state.append(str(r.governance_state));
        winner.append(r.ranking.empty() ? none : str(r.ranking.front().option));
        nb::list order, rank, gone;
        nb::dict total;
        for (const auto& o : r.ranking) {
            const nb::object option = str(o.option);
            order.append(option);
            rank.append(nb::int_(o.rank));
            total[option] = num(o.total);
        }
        for (const auto& d : r.discounted) gone.append(str(d));
        ranking.append(order);
        ranks.append(rank);
        totals.append(total);
        discounted.append(gone);
        if (r.sensitivity.empty()) {
            sensitivity.append(missing);
        } else {
            nb::dict nodes;
            for (const auto& x : r.sensitivity) {
                nb::list stable;
                stable.append(num(x.winner_stable_lower));
                stable.append(num(x.winner_stable_upper));
                nb::dict node;
                node["weight"] = num(x.weight);
                node["winner_stable"] = stable;
                nodes[str(x.node)] = node;
            }
            sensitivity.append(nodes);
        }
        if (r.smaa_samples == 0) {
            smaa.append(missing);
        } else {
            nb::dict first, confidence, entry;
            for (const auto& x : r.smaa) {
                first[str(x.option)] = num(x.first_rank_acceptability);
                confidence[str(x.option)] = num(x.confidence_factor);
            }
            entry["samples"] = r.smaa_samples;
            entry["seed"] = r.smaa_seed;
            entry["first_rank_acceptability"] = first;
            entry["confidence_factors"] = confidence;
            smaa.append(entry);
        }
        if (r.value_for_money.empty()) {
            value_for_money.append(missing);
        } else {
            nb::dict options;
            for (const auto& v : r.value_for_money) {
                const auto& e = v.entry;
                nb::dict fields;
                fields["npv_cost"] = num(e.npv_cost);
                fields["npv_cost_before_optimism_bias"] = num(e.npv_cost_before_optimism_bias);
                fields["benefit"] = num(e.benefit);
                fields["value_added"] = num(e.value_added);
                fields["extra_cost"] = num(e.extra_cost);
                fields["value_added_per_extra_cost"] = num(e.value_added_per_extra_cost);
                fields["position"] = str(std::string(to_string(e.position)));
                fields["on_frontier"] = nb::bool_(e.on_frontier);
                fields["incremental_benefit_per_cost"] = num(e.incremental_benefit_per_cost);
                fields["shortfall_years"] = nb::int_(v.shortfall_years);
                fields["largest_shortfall"] = num(v.largest_shortfall);
                options[str(e.option)] = fields;
            }
            nb::dict entry;
            entry["comparator"] = r.value_for_money_comparator.empty() ? none : str(r.value_for_money_comparator);
            entry["options"] = options;
            value_for_money.append(entry);
        }
    }
    nb::list nones;
    for (std::size_t i = 0; i < n; ++i) nones.append(none);
    nb::dict columns;
    columns["index"] = index;
    columns["id"] = id;
    columns["label"] = any_label ? label : nones;
    columns["status"] = status;
    columns["winner"] = any_ok ? winner : nones;
    columns["ranking"] = any_ok ? ranking : nones;
    columns["ranks"] = any_ok ? ranks : nones;
    columns["totals"] = any_ok ? totals : nones;
    columns["discounted"] = any_ok ? discounted : nones;
    columns["error"] = any_error ? error : nones;
    columns["pointer"] = any_error ? pointer : nones;
    columns["message"] = any_error ? message : nones;
    if (any_ok) columns["governance_state"] = state;
    if (any_sensitivity) columns["sensitivity"] = sensitivity;
    if (any_smaa) columns["smaa"] = smaa;
    if (any_vfm) columns["value_for_money"] = value_for_money;
    return columns;
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
            std::vector<scenario_result> results;
            {
                nb::gil_scoped_release unlocked;
                const auto source = io::parse_scenarios(text, base_dir);
                check_in_memory(source.count(), first, last);
                batch_options options;
                options.first = first;
                options.last = last;
                options.threads = detail::checked_threads(threads);
                run_batch(source, options,
                          [&](const batch_chunk& c) { results.insert(results.end(), c.results.begin(), c.results.end()); });
            }
            return batch_columns(results);
        },
        nb::arg("text"), nb::arg("base_dir"), nb::arg("first") = 0,
        nb::arg("last") = std::numeric_limits<std::uint64_t>::max(), nb::arg("threads") = 0,
        "Runs scenarios [first, last) of a scenario file (JSON text); returns their results in index order as "
        "columns (a dict: one list or numpy array per field of a line of adva batch).");
}

}  // namespace adva::python
