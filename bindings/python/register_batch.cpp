// Scenario batches (adva/scenario/runner.hpp): count and run an index range of a scenario file's
// scenarios. Everything after the argument conversion — reading the file, the parallel run,
// rendering — happens with the GIL released, so Dask workers (adva.batch.run_dask) run partitions
// on threads of one process in parallel. Results cross as columns built here from the
// scenario_result structs, never as JSON text: batch_run one per field of a JSONL line of
// `adva batch` (docs/batch.md), batch_run_flat one typed array per figure (flat_columns); the
// pure-Python layer (adva/batch.py) makes the DataFrame from them.
#include <algorithm>
#include <array>
#include <functional>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>
#include <tbb/enumerable_thread_specific.h>

#include "adva/io/scenario_json.hpp"
#include "adva/scenario/runner.hpp"
#include "adva/threads.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

/// batch_run returns every line of its range at once (then a DataFrame): a range of more scenarios
/// is refused before anything runs. `adva batch --out FILE` streams any number to a file.
constexpr std::uint64_t max_in_memory = 1000000;
/// The flat layout's columns are as many as the options and figures: a run is also bounded by its
/// cells (about 9 bytes each, so 4.5 GB), so that a model with very many options is refused rather
/// than run out of memory. The embedded model's 10^6 scenarios with value for money are 8.9 * 10^7.
constexpr std::size_t max_flat_cells = 500000000;

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

/// A vector handed to numpy without a copy: the array owns it through a capsule.
template <class T>
nb::object numpy_array(std::vector<T>&& values) {
    auto* owned = new std::vector<T>(std::move(values));
    nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<T>*>(p); });
    return nb::cast(nb::ndarray<nb::numpy, T, nb::ndim<1>>(owned->data(), {owned->size()}, owner));
}

/// The scenario indices [first, end) as numpy int64 (uint64 beyond its range), as a line has them.
nb::object index_column(std::uint64_t first, std::uint64_t end) {
    const std::size_t n = std::size_t(end - first);
    if (end <= std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
        std::vector<std::int64_t> data(n);
        std::iota(data.begin(), data.end(), std::int64_t(first));
        return numpy_array(std::move(data));
    }
    std::vector<std::uint64_t> data(n);
    std::iota(data.begin(), data.end(), first);
    return numpy_array(std::move(data));
}

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
        std::vector<std::int64_t> data(n);
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::int64_t>(results[i].index);
        index = numpy_array(std::move(data));
    } else {
        std::vector<std::uint64_t> data(n);
        for (std::size_t i = 0; i < n; ++i) data[i] = results[i].index;
        index = numpy_array(std::move(data));
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

/// The flat layout of a batch (adva.batch.run(layout="flat"), docs/batch.md): one column per figure,
/// named by its path in a line (`totals.O1`, `value_for_money.options.O1.npv_cost`), filled by the
/// workers as they finish each chunk, so that a run holds its columns and not its results. Kinds: numbers
/// (NaN where a line has null or lacks the figure), counts and flags (a value and a missing mask: the
/// Python layer makes pandas UInt64 and boolean arrays of them), categories (codes into the column's
/// texts, -1 where missing: pandas categoricals) and texts (id, label, pointer, message).
/// The number figures of an option's value for money, in the order of their flat columns: name and value.
struct value_for_money_figure {
    const char* name;
    double (*of)(const scenario_value_for_money&);
};
constexpr value_for_money_figure value_for_money_figures[] = {
    {"npv_cost", [](const scenario_value_for_money& v) { return v.entry.npv_cost; }},
    {"npv_cost_before_optimism_bias", [](const scenario_value_for_money& v) { return v.entry.npv_cost_before_optimism_bias; }},
    {"benefit", [](const scenario_value_for_money& v) { return v.entry.benefit; }},
    {"value_added", [](const scenario_value_for_money& v) { return v.entry.value_added; }},
    {"extra_cost", [](const scenario_value_for_money& v) { return v.entry.extra_cost; }},
    {"value_added_per_extra_cost", [](const scenario_value_for_money& v) { return v.entry.value_added_per_extra_cost; }},
    {"incremental_benefit_per_cost", [](const scenario_value_for_money& v) { return v.entry.incremental_benefit_per_cost; }},
    {"largest_shortfall", [](const scenario_value_for_money& v) { return v.largest_shortfall; }},
};

class flat_columns {
public:
    /// Rows for the scenarios [first, first + rows); the option columns in the order of `options` (the
    /// base model's), then of any other option as it first appears.
    flat_columns(std::uint64_t first, std::size_t rows, const std::vector<adva::option>& options)
        : first_(first), rows_(rows) {
        check_cells(4 + 3 * options.size());  // before anything is allocated: the columns every run has
        ids_.resize(rows);
        labels_.resize(rows);
        status_ = column_at("status", kind::category, group::scenario);
        winner_ = column_at("winner", kind::category, group::scenario);
        error_ = column_at("error", kind::category, group::scenario);
        state_ = column_at("governance_state", kind::category, group::scenario);
        for (const auto& o : options) entry_of(options_, o.id, true, [this](const std::string& id) { return make_option_columns(id); });
    }

    /// Fills the rows of a chunk's results that need no column or category text not yet made,
    /// concurrently with other chunks (batch_options::parallel_step); leaves the others, in
    /// batch_chunk::left_for_sink, to add_left().
    void add_in_parallel(batch_chunk& c) {
        std::shared_lock lock(mutex_);
        row_lookup& look = worker_lookups_.local();
        for (std::size_t k = 0; k < c.results.size(); ++k)
            if (!fill(c.results[k], look)) c.left_for_sink.push_back(k);
    }
    /// Fills the rows add_in_parallel() left, making their new columns and texts (the sink: one
    /// chunk at a time, in index order, so columns and category codes come in first-seen order).
    void add_left(const batch_chunk& c) {
        if (c.left_for_sink.empty()) return;
        std::unique_lock lock(mutex_);
        for (std::size_t k : c.left_for_sink) fill(c.results[k], sink_lookup_);
    }

    /// The columns, in the order of docs/batch.md: name -> (kind, arrays...). Needs the GIL.
    nb::dict to_python(const nb::object& index) {
        nb::dict out;
        out["index"] = nb::make_tuple("number", index);
        std::vector<std::string> pointers, messages;
        if (!errors_.empty()) {
            pointers.resize(rows_);
            messages.resize(rows_);
            for (auto& e : errors_) {
                pointers[e.row] = std::move(e.pointer);
                messages[e.row] = std::move(e.message);
            }
        }
        std::vector<std::size_t> order(columns_.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return columns_[a].in < columns_[b].in; });
        out["id"] = text_column(ids_);
        out["label"] = text_column(labels_);
        for (std::size_t k : order) {
            column& c = columns_[k];
            const nb::str name(c.name.c_str(), c.name.size());
            out[name] = python_column(c);
            if (k == error_) {  // the error fields together, as in a line
                out["pointer"] = text_column(pointers);
                out["message"] = text_column(messages);
            }
        }
        return out;
    }

private:
    /// A text column: a list of str, None for an empty text; ("none", rows) when every text is
    /// empty (or there are none), which Python makes a column of None without a list per row here.
    nb::object text_column(const std::vector<std::string>& texts) const {
        if (std::all_of(texts.begin(), texts.end(), [](const std::string& t) { return t.empty(); }))
            return nb::make_tuple("none", rows_);
        nb::object list = nb::steal(PyList_New(Py_ssize_t(rows_)));
        if (!list.is_valid()) throw nb::python_error();
        for (std::size_t row = 0; row < rows_; ++row) {
            const std::string& t = texts[row];
            PyObject* item = Py_None;
            if (t.empty()) Py_INCREF(item);
            else item = PyUnicode_FromStringAndSize(t.data(), Py_ssize_t(t.size()));
            if (item == nullptr) throw nb::python_error();
            PyList_SET_ITEM(list.ptr(), Py_ssize_t(row), item);  // steals the reference
        }
        return nb::make_tuple("text", list);
    }

    static constexpr std::size_t npos = std::size_t(-1);
    enum class kind { number, count, flag, category };
    /// Column groups, in their order in the frame; options in first-seen order within each.
    enum class group { scenario, totals, ranks, discounted, sensitivity, smaa, value_for_money };
    /// Looks texts up by string_view, without making a string of each.
    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    struct column {
        std::string name;
        kind type;
        group in;
        std::vector<double> numbers;                      // number
        std::vector<std::uint64_t> counts;                // count
        std::vector<std::uint8_t> flags, missing;         // count, flag: missing[row] = 1 where the line lacks it
        std::vector<std::int32_t> codes;                  // category: -1 where missing
        std::vector<std::string> texts;                   // category
        std::unordered_map<std::string, std::int32_t, text_hash, std::equal_to<>> code_of;
    };
    struct option_columns {
        std::size_t total, rank, discounted;
    };
    struct option_vfm_columns {
        std::size_t position, on_frontier, shortfall_years;
        std::size_t figures[std::size(value_for_money_figures)];
    };
    struct error_row {
        std::size_t row;
        std::string pointer, message;
    };

    /// How a row finds its columns and category codes. The sink's (`make`) makes what is missing;
    /// a worker's only finds, and a row that needs something new is left to the sink. Each keeps its
    /// own hints: the answers for the row before, which a row's lookups often repeat.
    struct row_lookup {
        bool make = false;
        std::vector<const std::pair<const std::string, option_columns>*> ranking_hints;  // by place in the ranking
        std::vector<const std::pair<const std::string, option_vfm_columns>*> value_for_money_hints;
        std::vector<std::int32_t> last_code;  // per category column: the last code found, or -1
    };

    /// Fills the row of `r` (scenario index - first); false when `look` may not make a column or
    /// text the row needs (the row is then partly filled, and filled again by the sink).
    bool fill(const scenario_result& r, row_lookup& look) {
        const std::size_t row = std::size_t(r.index - first_);
        ids_[row] = r.id;
        labels_[row] = r.label;
        if (!category(status_, row, to_string(r.status), look)) return false;
        if (r.status == scenario_status::error) {
            if (!look.make) return false;  // errors_ is the sink's
            category(error_, row, r.error_id, look);
            errors_.push_back({row, r.error_pointer, r.error_message});
            return true;
        }
        if (!category(state_, row, r.governance_state, look)) return false;
        if (!r.ranking.empty() && !category(winner_, row, r.ranking.front().option, look)) return false;
        const auto option_maker = [this](const std::string& id) { return make_option_columns(id); };
        for (std::size_t k = 0; k < r.ranking.size(); ++k) {
            const auto& o = r.ranking[k];
            const option_columns* c = hinted(look.ranking_hints, k, options_, o.option, look.make, option_maker);
            if (c == nullptr) return false;
            number(c->total, row, o.total);
            count(c->rank, row, std::uint64_t(o.rank));
            flag(c->discounted, row, false);
        }
        for (const auto& d : r.discounted) {
            const option_columns* c = columns_of(options_, d, look.make, option_maker);
            if (c == nullptr) return false;
            flag(c->discounted, row, true);
        }
        for (const auto& x : r.sensitivity) {
            const auto* c = columns_of(sensitivity_, x.node, look.make, [&](const std::string& node) {
                const std::string at = "sensitivity." + node;
                return std::array{column_at(at + ".weight", kind::number, group::sensitivity),
                                  column_at(at + ".winner_stable_lower", kind::number, group::sensitivity),
                                  column_at(at + ".winner_stable_upper", kind::number, group::sensitivity)};
            });
            if (c == nullptr) return false;
            number((*c)[0], row, x.weight);
            number((*c)[1], row, x.winner_stable_lower);
            number((*c)[2], row, x.winner_stable_upper);
        }
        if (r.smaa_samples > 0) {
            if (smaa_samples_ == npos) {
                if (!look.make) return false;
                smaa_samples_ = column_at("smaa.samples", kind::count, group::smaa);
                smaa_seed_ = column_at("smaa.seed", kind::count, group::smaa);
            }
            count(smaa_samples_, row, r.smaa_samples);
            count(smaa_seed_, row, r.smaa_seed);
            for (const auto& x : r.smaa) {
                const auto* c = columns_of(smaa_, x.option, look.make, [&](const std::string& id) {
                    return std::array{column_at("smaa.first_rank_acceptability." + id, kind::number, group::smaa),
                                      column_at("smaa.confidence_factors." + id, kind::number, group::smaa)};
                });
                if (c == nullptr) return false;
                number((*c)[0], row, x.first_rank_acceptability);
                number((*c)[1], row, x.confidence_factor);
            }
        }
        if (!r.value_for_money.empty()) {
            if (comparator_ == npos) {
                if (!look.make) return false;
                comparator_ = column_at("value_for_money.comparator", kind::category, group::value_for_money);
            }
            if (!r.value_for_money_comparator.empty() && !category(comparator_, row, r.value_for_money_comparator, look)) return false;
            for (std::size_t k = 0; k < r.value_for_money.size(); ++k) {
                const auto& v = r.value_for_money[k];
                const auto& e = v.entry;
                const option_vfm_columns* c = hinted(look.value_for_money_hints, k, vfm_options_, e.option, look.make,
                                                     [this](const std::string& id) { return make_value_for_money_columns(id); });
                if (c == nullptr || !category(c->position, row, to_string(e.position), look)) return false;
                flag(c->on_frontier, row, e.on_frontier);
                for (std::size_t f = 0; f < std::size(value_for_money_figures); ++f)
                    number(c->figures[f], row, value_for_money_figures[f].of(v));
                count(c->shortfall_years, row, std::uint64_t(v.shortfall_years));
            }
        }
        return true;
    }

    /// The columns of a node or option, made by `make(key)` the first time the key is seen (when
    /// `may_make`; else null): a row looks its columns up by the key alone, without building their
    /// names.
    template <class Columns, class Make>
    const Columns* columns_of(std::unordered_map<std::string, Columns>& cache, const std::string& key, bool may_make, Make make) {
        const auto* entry = entry_of(cache, key, may_make, make);
        return entry ? &entry->second : nullptr;
    }
    template <class Columns, class Make>
    const std::pair<const std::string, Columns>* entry_of(std::unordered_map<std::string, Columns>& cache, const std::string& key,
                                                          bool may_make, Make make) {
        auto it = cache.find(key);
        if (it == cache.end()) {
            if (!may_make) return nullptr;
            it = cache.emplace(key, make(key)).first;
        }
        return &*it;
    }
    /// The same, trying `hint` first: the entry at the same place in the row before (a row's options
    /// are often the last row's, in the same order), found then with one comparison. Map nodes are
    /// stable, so a hint stays valid.
    template <class Columns, class Make>
    const Columns* hinted(std::vector<const std::pair<const std::string, Columns>*>& hints, std::size_t place,
                          std::unordered_map<std::string, Columns>& cache, const std::string& key, bool may_make, Make make) {
        if (hints.size() <= place) hints.resize(place + 1, nullptr);
        auto& hint = hints[place];
        if (hint == nullptr || hint->first != key) hint = entry_of(cache, key, may_make, make);
        return hint ? &hint->second : nullptr;
    }

    /// Refuses `columns` columns of rows_ rows when they exceed max_flat_cells.
    void check_cells(std::size_t columns) const {
        if (rows_ == 0 || columns <= max_flat_cells / rows_) return;
        throw limit_exceeded("adva.limits.batch_in_memory", "layout",
                             "a flat batch run in memory holds at most " + std::to_string(max_flat_cells) +
                                 " cells (scenarios x columns, a column per option and figure): run a range of the file (first, last) "
                                 "at a time, or stream it to a file with adva batch --out",
                             std::to_string(rows_) + " scenarios x " + std::to_string(columns) + " columns");
    }

    std::size_t column_at(const std::string& name, kind type, group in) {
        if (auto it = by_name_.find(name); it != by_name_.end()) return it->second;
        check_cells(columns_.size() + 1);
        column& c = columns_.emplace_back();
        c.name = name;
        c.type = type;
        c.in = in;
        switch (type) {
            case kind::number: c.numbers.assign(rows_, std::numeric_limits<double>::quiet_NaN()); break;
            case kind::count: c.counts.assign(rows_, 0); c.missing.assign(rows_, 1); break;
            case kind::flag: c.flags.assign(rows_, 0); c.missing.assign(rows_, 1); break;
            case kind::category: c.codes.assign(rows_, -1); break;
        }
        return by_name_[name] = columns_.size() - 1;
    }
    /// Makes an option's columns, the first time it is seen.
    option_columns make_option_columns(const std::string& id) {
        return option_columns{column_at("totals." + id, kind::number, group::totals), column_at("ranks." + id, kind::count, group::ranks),
                              column_at("discounted." + id, kind::flag, group::discounted)};
    }
    /// Makes the value-for-money columns of an option, the first time it is seen.
    option_vfm_columns make_value_for_money_columns(const std::string& o) {
        const std::string at = "value_for_money.options." + o + ".";
        option_vfm_columns c{};
        c.position = column_at(at + "position", kind::category, group::value_for_money);
        c.on_frontier = column_at(at + "on_frontier", kind::flag, group::value_for_money);
        for (std::size_t k = 0; k < std::size(value_for_money_figures); ++k)
            c.figures[k] = column_at(at + value_for_money_figures[k].name, kind::number, group::value_for_money);
        c.shortfall_years = column_at(at + "shortfall_years", kind::count, group::value_for_money);
        return c;
    }
    void number(std::size_t k, std::size_t row, double x) { columns_[k].numbers[row] = x; }
    void count(std::size_t k, std::size_t row, std::uint64_t x) {
        columns_[k].counts[row] = x;
        columns_[k].missing[row] = 0;
    }
    void flag(std::size_t k, std::size_t row, bool x) {
        columns_[k].flags[row] = x;
        columns_[k].missing[row] = 0;
    }
    /// Sets the code of `text` in category column k; false when the text is new and `look` may not
    /// add it.
    bool category(std::size_t k, std::size_t row, std::string_view text, row_lookup& look) {
        column& c = columns_[k];
        if (look.last_code.size() <= k) look.last_code.resize(columns_.size(), -1);
        std::int32_t& last = look.last_code[k];
        if (last >= 0 && c.texts[std::size_t(last)] == text) {  // a row's text is often the last row's
            c.codes[row] = last;
            return true;
        }
        auto it = c.code_of.find(text);
        if (it == c.code_of.end()) {
            if (!look.make) return false;
            it = c.code_of.emplace(std::string(text), std::int32_t(c.texts.size())).first;
            c.texts.emplace_back(text);
        }
        c.codes[row] = last = it->second;
        return true;
    }
    static nb::object python_column(column& c) {
        switch (c.type) {
            case kind::number: return nb::make_tuple("number", numpy_array(std::move(c.numbers)));
            case kind::count: return nb::make_tuple("count", numpy_array(std::move(c.counts)), numpy_array(std::move(c.missing)));
            case kind::flag: return nb::make_tuple("flag", numpy_array(std::move(c.flags)), numpy_array(std::move(c.missing)));
            case kind::category: {
                nb::list texts;
                for (const auto& t : c.texts) texts.append(nb::str(t.c_str(), t.size()));
                return nb::make_tuple("category", numpy_array(std::move(c.codes)), texts);
            }
        }
        return nb::none();
    }

    std::uint64_t first_;
    std::size_t rows_;
    std::vector<std::string> ids_, labels_;
    std::vector<error_row> errors_;
    std::vector<column> columns_;
    std::unordered_map<std::string, std::size_t> by_name_;
    std::unordered_map<std::string, option_columns> options_;
    std::unordered_map<std::string, option_vfm_columns> vfm_options_;
    std::unordered_map<std::string, std::array<std::size_t, 3>> sensitivity_;  // by node
    std::unordered_map<std::string, std::array<std::size_t, 2>> smaa_;         // by option
    std::size_t status_, winner_, error_, state_, comparator_ = npos, smaa_samples_ = npos, smaa_seed_ = npos;
    // Workers fill rows under a shared lock; the sink makes columns and texts under the lock alone.
    std::shared_mutex mutex_;
    tbb::enumerable_thread_specific<row_lookup> worker_lookups_;
    row_lookup sink_lookup_{true, {}, {}, {}};
};

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
    m.def(
        "batch_run_flat",
        [](const std::string& text, const std::string& base_dir, std::uint64_t first, std::uint64_t last, std::int64_t threads) {
            std::optional<flat_columns> columns;
            std::uint64_t end = first;
            {
                nb::gil_scoped_release unlocked;
                const auto source = io::parse_scenarios(text, base_dir);
                check_in_memory(source.count(), first, last);
                end = std::max(first, std::min(last, source.count()));
                columns.emplace(first, std::size_t(end - first), source.base->options);
                batch_options options;
                options.first = first;
                options.last = last;
                options.threads = detail::checked_threads(threads);
                options.parallel_step = [&](batch_chunk& c) { columns->add_in_parallel(c); };
                run_batch(source, options, [&](const batch_chunk& c) { columns->add_left(c); });
            }
            return columns->to_python(index_column(first, end));
        },
        nb::arg("text"), nb::arg("base_dir"), nb::arg("first") = 0,
        nb::arg("last") = std::numeric_limits<std::uint64_t>::max(), nb::arg("threads") = 0,
        "Runs scenarios [first, last) of a scenario file (JSON text); returns their results in index order as "
        "flat columns (a dict: name -> (kind, arrays), one per figure of a line of adva batch).");
}

}  // namespace adva::python
