#pragma once
// The batch runner (docs/batch.md): evaluates every scenario of a scenario_source in parallel (TBB)
// and hands the results to a sink in index order.
//
// Two paths, one semantics:
//   - fast path: a scenario that asks only for the ranking and changes only weights, scores or the
//     stakeholder group is evaluated on a prepared dense form of the base model (leaf values,
//     gates, weight sets, computed once): local weights → global leaf weights → totals = leaf
//     values · weights, threshold gates re-checked on node values, ranking. No JSON, no model copy.
//   - full path: a merge patch (the source's patch_base: patched JSON read back and validated), or a
//     request for sensitivity / SMAA, builds the scenario's model and runs appraise_with_weights().
// Both give the same ranking and totals (to rounding: the fast path sums over leaves, appraise()
// up the tree); tests/scenario_runner_test.cpp checks it.
//
// Errors: a scenario that breaks a rule becomes a result with status error (id, JSON pointer,
// message) and the batch goes on. An invalid *base* model throws from run_batch before any work.
// validate(), validate_score() and check_governance() come from adva::core, appraise()'s LP from
// adva::lp: link both (adva::io, whose scenario reader sets patch_base, links them).
//
// The parts: scenario/prepared_base.hpp (the prepared base model and both paths),
// scenario/results_jsonl.hpp (a result as a JSON line, and back), scenario/detail/weight_changes.hpp.
// This header holds run_batch, its options and sink, and batch_summary, and includes the others.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <boost/icl/interval_set.hpp>
#include <boost/icl/right_open_interval.hpp>
#include <tbb/concurrent_queue.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "adva/scenario/generators.hpp"
#include "adva/scenario/prepared_base.hpp"
#include "adva/scenario/results_jsonl.hpp"
#include "adva/scenario/scenario.hpp"
#include "adva/threads.hpp"

namespace adva {

/// Scenario indices as disjoint ranges (adjacent ones merge): a resumed batch of 10^12 scenarios
/// keeps a few ranges (one per gap left by earlier runs), never a bit per scenario.
using finished_indices = boost::icl::interval_set<std::uint64_t, std::less, boost::icl::right_open_interval<std::uint64_t>>;

struct batch_chunk;

struct batch_options {
    int threads = 0;                     ///< worker threads; 0 = every core TBB may use; at most max_threads
    std::uint64_t first = 0;             ///< index range [first, last) of the source to run
    std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
    /// Scenarios per unit of work and per sink call: a chunk's lines (about 2 KB each with value for
    /// money) then fit in a core's L2 cache while they are rendered and written.
    std::size_t chunk_size = 256;
    /// Indices already finished (resume): skipped, never passed to the sink. Indices beyond the
    /// source are ignored.
    const finished_indices* done = nullptr;
    bool render_jsonl = false;           ///< fill batch_chunk::jsonl (rendered in parallel)
    /// The sink's work that can run in parallel: called on the worker that evaluated a chunk,
    /// concurrently with other chunks and the sink, in no particular order, before the chunk
    /// reaches the sink. It marks in batch_chunk::left_for_sink what it did not do; an exception
    /// from it stops the batch, as one from the sink does.
    std::function<void(batch_chunk&)> parallel_step;
};

/// Consecutive scenarios' results. `results` holds the evaluated ones (skipped indices are absent)
/// in index order; `jsonl` their lines when batch_options::render_jsonl.
struct batch_chunk {
    std::uint64_t first_index = 0, end_index = 0;  ///< the index range the chunk covered
    std::vector<scenario_result> results;
    std::string jsonl;
    std::vector<std::size_t> left_for_sink;  ///< positions in results batch_options::parallel_step left to the sink
};

/// Called once per chunk, from one thread at a time, in increasing index order: every result is
/// delivered exactly once. Exceptions thrown by the sink stop the batch and leave run_batch.
using batch_sink = std::function<void(const batch_chunk&)>;

// ----------------------------------------------------------------------------------------------
// The runner

/// Runs scenarios [options.first, min(options.last, source.count())) of `source`, skipping those
/// marked in options.done, on options.threads threads; calls `sink` once per chunk in index order
/// (see batch_sink). At most a few chunks per thread are in flight: memory does not grow with the
/// number of scenarios. Throws invalid_input when the base model is invalid.
inline void run_batch(const scenario_source& source, const batch_options& options, const batch_sink& sink) {
    const int threads = detail::checked_threads(options.threads);
    const prepared_base prepared(source);
    const std::uint64_t count = source.count();
    const std::uint64_t last = std::min(options.last, count);
    std::uint64_t next = std::min(options.first, last);
    const std::size_t chunk_size = std::max<std::size_t>(options.chunk_size, 1);

    tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
    const std::size_t tokens = std::size_t(std::max(1, arena.max_concurrency())) * 2 + 1;
    tbb::enumerable_thread_specific<prepared_base::workspace> workspaces;
    // Chunks are recycled so that their result buffers are reused: steady state allocates nothing.
    tbb::concurrent_queue<batch_chunk*> pool;
    std::vector<std::unique_ptr<batch_chunk>> owned;
    for (std::size_t t = 0; t < tokens; ++t) {
        owned.push_back(std::make_unique<batch_chunk>());
        pool.push(owned.back().get());
    }
    const auto is_done = [&](std::uint64_t i) { return options.done && boost::icl::contains(*options.done, i); };
    // The end of the finished range holding i, or i when i is not finished: whole finished ranges
    // are skipped without visiting their indices.
    const auto skip_done = [&](std::uint64_t i) {
        if (!options.done) return i;
        const auto range = options.done->find(i);
        return range == options.done->end() ? i : boost::icl::upper(*range);
    };

    arena.execute([&] {
        tbb::parallel_pipeline(
            tokens,
            tbb::make_filter<void, batch_chunk*>(tbb::filter_mode::serial_in_order,
                                                 [&](tbb::flow_control& fc) -> batch_chunk* {
                                                     next = skip_done(next);
                                                     if (next >= last) {
                                                         fc.stop();
                                                         return nullptr;
                                                     }
                                                     batch_chunk* c = nullptr;
                                                     while (!pool.try_pop(c)) {}  // tokens == chunks: never empty
                                                     c->first_index = next;
                                                     c->end_index = std::min<std::uint64_t>(last, next + chunk_size);
                                                     next = c->end_index;
                                                     return c;
                                                 }) &
                tbb::make_filter<batch_chunk*, batch_chunk*>(
                    tbb::filter_mode::parallel,
                    [&](batch_chunk* c) {
                        auto& ws = workspaces.local();
                        std::size_t used = 0;
                        c->jsonl.clear();
                        for (std::uint64_t i = c->first_index; i < c->end_index; ++i) {
                            if (is_done(i)) continue;
                            if (c->results.size() <= used) c->results.emplace_back();
                            source.at(i, ws.current);
                            prepared.evaluate(ws.current, c->results[used], ws);
                            if (options.render_jsonl) append_json_line(c->jsonl, c->results[used]);
                            ++used;
                        }
                        c->results.resize(used);
                        c->left_for_sink.clear();
                        if (options.parallel_step) options.parallel_step(*c);
                        return c;
                    }) &
                tbb::make_filter<batch_chunk*, void>(tbb::filter_mode::serial_in_order, [&](batch_chunk* c) {
                    sink(*c);
                    pool.push(c);
                }));
    });
}

// ----------------------------------------------------------------------------------------------
// Summary

/// Wins per option and the distribution of ranks over the scenarios that ended ok. An option tied
/// first counts as a win for each tied option, so wins may sum to more than `ok`. Value for money
/// per option, over the scenarios in which it had costs on the short list: how often it was on the
/// efficiency frontier and over budget, and the range of its net present cost.
struct batch_summary {
    std::uint64_t ok = 0, errors = 0;
    std::vector<std::string> options;                  ///< first-seen order
    std::vector<std::uint64_t> wins;                   ///< per option
    std::vector<std::vector<std::uint64_t>> ranks;     ///< per option: count of rank 1, 2, …
    std::vector<std::uint64_t> discounted;             ///< per option: scenarios it was discounted in
    std::vector<std::uint64_t> costed;                 ///< per option: scenarios with its value for money
    std::vector<std::uint64_t> on_frontier;            ///< per option: … in which it was on the frontier
    std::vector<std::uint64_t> over_budget;            ///< per option: … in which it exceeded the budget
    std::vector<double> npv_cost_min, npv_cost_max;    ///< per option: its NPC's range (NaN: never costed)

    /// Whether any scenario had value-for-money fields.
    bool has_value_for_money() const noexcept {
        return std::any_of(costed.begin(), costed.end(), [](std::uint64_t n) { return n > 0; });
    }

    void add(const scenario_result& r) {
        if (r.status == scenario_status::error) {
            ++errors;
            return;
        }
        ++ok;
        if (ranking_slots_.size() < r.ranking.size()) ranking_slots_.resize(r.ranking.size(), 0);
        for (std::size_t k = 0; k < r.ranking.size(); ++k) {
            const auto& o = r.ranking[k];
            const std::size_t i = option_slot(o.option, ranking_slots_[k]);
            if (o.rank == 1) ++wins[i];
            if (ranks[i].size() < std::size_t(o.rank)) ranks[i].resize(std::size_t(o.rank), 0);
            ++ranks[i][std::size_t(o.rank) - 1];
        }
        if (discounted_slots_.size() < r.discounted.size()) discounted_slots_.resize(r.discounted.size(), 0);
        for (std::size_t k = 0; k < r.discounted.size(); ++k) ++discounted[option_slot(r.discounted[k], discounted_slots_[k])];
        if (vfm_slots_.size() < r.value_for_money.size()) vfm_slots_.resize(r.value_for_money.size(), 0);
        for (std::size_t k = 0; k < r.value_for_money.size(); ++k) {
            const auto& v = r.value_for_money[k];
            const std::size_t i = option_slot(v.entry.option, vfm_slots_[k]);
            ++costed[i];
            on_frontier[i] += v.entry.on_frontier;
            over_budget[i] += v.shortfall_years > 0;
            // fmin/fmax skip NaN: an option first costed in this scenario takes its cost.
            npv_cost_min[i] = std::fmin(npv_cost_min[i], v.entry.npv_cost);
            npv_cost_max[i] = std::fmax(npv_cost_max[i], v.entry.npv_cost);
        }
    }

private:
    /// The slot of option `id`, added when first seen. `hint` is the slot found at the same place
    /// of the previous result: tried first (consecutive scenarios mostly rank alike), then updated.
    std::size_t option_slot(const std::string& id, std::size_t& hint) {
        if (hint < options.size() && options[hint] == id) return hint;
        // Options are few (tens): a linear scan beats hashing here.
        for (std::size_t i = 0; i < options.size(); ++i)
            if (options[i] == id) return hint = i;
        options.push_back(id);
        wins.push_back(0);
        ranks.emplace_back();
        discounted.push_back(0);
        costed.push_back(0);
        on_frontier.push_back(0);
        over_budget.push_back(0);
        npv_cost_min.push_back(std::numeric_limits<double>::quiet_NaN());
        npv_cost_max.push_back(std::numeric_limits<double>::quiet_NaN());
        return hint = options.size() - 1;
    }
    std::vector<std::size_t> ranking_slots_, discounted_slots_, vfm_slots_;  ///< hints by place in a result
};

}  // namespace adva
