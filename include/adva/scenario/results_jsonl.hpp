#pragma once
// The batch results file, one JSON line per scenario (docs/batch.md): append_json_line writes a
// line and read_finished_line reads one back for --resume, so one header holds the format both ways.
// read_finished_line parses with io::parse_json (adva::io); the writer needs no library.
#include <algorithm>
#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "adva/error.hpp"
#include "adva/io/decode.hpp"
#include "adva/scenario/generators.hpp"
#include "adva/scenario/scenario.hpp"

namespace adva {

// ----------------------------------------------------------------------------------------------
// JSONL rendering (no JSON library: one line per scenario is the hot output path)

namespace detail {

/// The shortest text of recently written doubles, by their bits. A batch writes the same figures in
/// line after line (the costs that a weight scenario cannot change), and finding a double's shortest
/// text costs several times a lookup. Direct-mapped: a miss formats and takes the slot. Zero bits
/// with length 0 mark an empty slot, so a zero-initialised memo (static or thread_local) is ready.
class number_text_memo {
public:
    static constexpr std::size_t text_room = 24;  ///< the longest shortest text: -2.2250738585072014e-308

    /// Writes the shortest text of the finite `v` at `at`, which has room for text_room bytes.
    char* write(char* at, double v) noexcept {
        const auto bits = std::bit_cast<std::uint64_t>(v);
        entry& e = slots_[(bits * 0x9E3779B97F4A7C15ull) >> (64 - slot_bits)];
        if (e.length == 0 || e.bits != bits) {
            e.bits = bits;
            e.length = static_cast<std::uint8_t>(std::to_chars(e.text, e.text + text_room, v).ptr - e.text);
        }
        std::memcpy(at, e.text, text_room);  // a fixed-size copy; only `length` bytes are kept
        return at + e.length;
    }

private:
    static constexpr unsigned slot_bits = 9;
    struct entry {
        std::uint64_t bits;
        char text[text_room];
        std::uint8_t length;
    };
    entry slots_[std::size_t(1) << slot_bits];
};

/// Writes JSON text through a pointer into room reserved in advance (json_line_room): a result line
/// is rendered without a capacity check per piece.
class json_writer {
public:
    /// Room a string may take: quotes, and at most 6 characters (\u00XX) per byte.
    static constexpr std::size_t string_room(std::size_t bytes) { return 6 * bytes + 2; }
    static constexpr std::size_t number_room = 32;  ///< a double's shortest text or a uint64, or null

    static_assert(number_room >= number_text_memo::text_room);

    /// Writes at `at`; doubles through `memo` when given.
    explicit json_writer(char* at, number_text_memo* memo = nullptr) noexcept : at_(at), memo_(memo) {}
    char* end() const noexcept { return at_; }

    void raw(std::string_view s) noexcept {
        std::memcpy(at_, s.data(), s.size());
        at_ += s.size();
    }
    void raw(char c) noexcept { *at_++ = c; }
    /// A literal: its length is known where it is written, so the copy is inlined.
    template <std::size_t N>
    void raw(const char (&s)[N]) noexcept {
        std::memcpy(at_, s, N - 1);
        at_ += N - 1;
    }

    /// `s` quoted, with the escapes JSON requires (bytes >= 0x20 other than " and \ copied as they are).
    void string(std::string_view s) noexcept {
        *at_++ = '"';
        constexpr std::size_t block = 16;
        if (s.size() < block) {  // ids and short labels: a byte at a time beats a call to memcpy
            for (const char ch : s) {
                if (needs_escape(static_cast<unsigned char>(ch))) escape(static_cast<unsigned char>(ch));
                else *at_++ = ch;
            }
            *at_++ = '"';
            return;
        }
        std::size_t plain = 0;  // start of the run that needs no escape, copied in one go
        std::size_t i = 0;
        // Whole blocks that need no escape are skipped first (the test has no early exit, so the
        // compiler vectorises it): ids and labels seldom need any.
        for (; i + block <= s.size(); i += block) {
            bool any = false;
            for (std::size_t j = 0; j < block; ++j) any |= needs_escape(static_cast<unsigned char>(s[i + j]));
            if (any) break;
        }
        for (; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (!needs_escape(c)) continue;
            raw(s.substr(plain, i - plain));
            plain = i + 1;
            escape(c);
        }
        raw(s.substr(plain));
        *at_++ = '"';
    }

    /// Shortest text that reads back to the same double; null for NaN and infinities (not JSON).
    void number(double v) noexcept {
        if (!std::isfinite(v)) raw("null");
        else if (memo_) at_ = memo_->write(at_, v);
        else at_ = std::to_chars(at_, at_ + number_room, v).ptr;
    }
    void uint(std::uint64_t v) noexcept { at_ = std::to_chars(at_, at_ + number_room, v).ptr; }
    /// A literal `key` (with its separators, e.g. `,"benefit":`), then `v`: the key's length is known
    /// where it is written, so its copy is inlined.
    template <std::size_t N>
    void number_field(const char (&key)[N], double v) noexcept {
        raw(key);
        number(v);
    }

private:
    static constexpr bool needs_escape(unsigned char c) noexcept { return (c < 0x20) | (c == '"') | (c == '\\'); }

    /// The escape of a byte that needs one.
    void escape(unsigned char c) noexcept {
        *at_++ = '\\';
        switch (c) {
            case '"': *at_++ = '"'; break;
            case '\\': *at_++ = '\\'; break;
            case '\n': *at_++ = 'n'; break;
            case '\r': *at_++ = 'r'; break;
            case '\t': *at_++ = 't'; break;
            default: {
                static constexpr char hex[] = "0123456789abcdef";
                raw("u00");
                *at_++ = hex[c >> 4];
                *at_++ = hex[c & 15];
            }
        }
    }

    char* at_;
    number_text_memo* memo_;
};

/// Each thread's room to render JSON text in: a buffer that only grows, and the texts of its recent
/// numbers.
struct json_scratch {
    std::string text;
    number_text_memo memo{};
};

inline json_scratch& thread_json_scratch() {
    thread_local json_scratch scratch;
    return scratch;
}

/// Appends what `write(json_writer&)` writes, given at most `room` bytes. The text is rendered in the
/// thread's scratch buffer, then appended: growing `out` by `room` would zero-fill several times the
/// text's length every time.
template <class Write>
void append_json(std::string& out, std::size_t room, Write write) {
    json_scratch& scratch = thread_json_scratch();
    if (scratch.text.size() < room) scratch.text.resize(std::max(room, 2 * scratch.text.size()));
    json_writer w(scratch.text.data(), &scratch.memo);
    write(w);
    assert(w.end() <= scratch.text.data() + room);
    out.append(scratch.text.data(), std::size_t(w.end() - scratch.text.data()));
}

inline void append_json_string(std::string& out, std::string_view s) {
    append_json(out, json_writer::string_room(s.size()), [&](json_writer& w) { w.string(s); });
}

/// Room for the line of `r`: every string and number at its largest, plus the fixed text.
inline std::size_t json_line_room(const scenario_result& r) {
    constexpr std::size_t per_string = json_writer::string_room(0) + 24;  // quotes, key, separators
    constexpr std::size_t per_number = json_writer::number_room + 8;
    std::size_t bytes = 0, strings = 8, numbers = 4;
    for (const std::string* s : {&r.id, &r.label, &r.governance_state, &r.error_id, &r.error_pointer, &r.error_message})
        bytes += s->size();
    for (const auto& o : r.ranking) bytes += 3 * o.option.size();  // winner, ranking, totals
    strings += 3 * r.ranking.size();
    numbers += 2 * r.ranking.size();
    for (const auto& d : r.discounted) bytes += d.size();
    strings += r.discounted.size();
    for (const auto& n : r.sensitivity) bytes += n.node.size();
    strings += r.sensitivity.size();
    numbers += 3 * r.sensitivity.size();
    for (const auto& o : r.smaa) bytes += 2 * o.option.size();
    strings += 2 * r.smaa.size();
    numbers += 2 * r.smaa.size();
    // Value for money: per option, its id, then fixed text (keys, position, on_frontier) and numbers.
    constexpr std::size_t vfm_fixed_text = 256;
    bytes += r.value_for_money_comparator.size();
    strings += 1;
    for (const auto& v : r.value_for_money) bytes += v.entry.option.size();
    strings += r.value_for_money.size();
    numbers += 9 * r.value_for_money.size();
    return 256 + 6 * bytes + strings * per_string + numbers * per_number + vfm_fixed_text * r.value_for_money.size();
}

}  // namespace detail

/// Appends one result as one line of JSON (ending in '\n'); see docs/batch.md for the fields.
inline void append_json_line(std::string& out, const scenario_result& r) {
    detail::append_json(out, detail::json_line_room(r), [&](detail::json_writer& w) {
        w.raw("{\"index\":");
        w.uint(r.index);
        w.raw(",\"id\":");
        w.string(r.id);
        if (!r.label.empty()) {
            w.raw(",\"label\":");
            w.string(r.label);
        }
        w.raw(",\"status\":\"");
        w.raw(to_string(r.status));
        w.raw('"');
        if (r.status == scenario_status::error) {
            w.raw(",\"error\":");
            w.string(r.error_id);
            w.raw(",\"pointer\":");
            w.string(r.error_pointer);
            w.raw(",\"message\":");
            w.string(r.error_message);
            w.raw("}\n");
            return;
        }
        w.raw(",\"governance_state\":");
        w.string(r.governance_state);
        w.raw(",\"winner\":");
        if (r.ranking.empty()) w.raw("null");
        else w.string(r.ranking.front().option);
        w.raw(",\"ranking\":[");
        for (std::size_t k = 0; k < r.ranking.size(); ++k) {
            if (k) w.raw(',');
            w.string(r.ranking[k].option);
        }
        w.raw("],\"ranks\":[");
        for (std::size_t k = 0; k < r.ranking.size(); ++k) {
            if (k) w.raw(',');
            w.uint(std::uint64_t(r.ranking[k].rank));
        }
        w.raw("],\"totals\":{");
        for (std::size_t k = 0; k < r.ranking.size(); ++k) {
            if (k) w.raw(',');
            w.string(r.ranking[k].option);
            w.raw(':');
            w.number(r.ranking[k].total);
        }
        w.raw("},\"discounted\":[");
        for (std::size_t k = 0; k < r.discounted.size(); ++k) {
            if (k) w.raw(',');
            w.string(r.discounted[k]);
        }
        w.raw(']');
        if (!r.sensitivity.empty()) {
            w.raw(",\"sensitivity\":{");
            for (std::size_t k = 0; k < r.sensitivity.size(); ++k) {
                const auto& n = r.sensitivity[k];
                if (k) w.raw(',');
                w.string(n.node);
                w.raw(":{\"weight\":");
                w.number(n.weight);
                w.raw(",\"winner_stable\":[");
                w.number(n.winner_stable_lower);
                w.raw(',');
                w.number(n.winner_stable_upper);
                w.raw("]}");
            }
            w.raw('}');
        }
        if (r.smaa_samples > 0) {
            w.raw(",\"smaa\":{\"samples\":");
            w.uint(r.smaa_samples);
            w.raw(",\"seed\":");
            w.uint(r.smaa_seed);
            w.raw(",\"first_rank_acceptability\":{");
            for (std::size_t k = 0; k < r.smaa.size(); ++k) {
                if (k) w.raw(',');
                w.string(r.smaa[k].option);
                w.raw(':');
                w.number(r.smaa[k].first_rank_acceptability);
            }
            w.raw("},\"confidence_factors\":{");
            for (std::size_t k = 0; k < r.smaa.size(); ++k) {
                if (k) w.raw(',');
                w.string(r.smaa[k].option);
                w.raw(':');
                w.number(r.smaa[k].confidence_factor);
            }
            w.raw("}}");
        }
        if (!r.value_for_money.empty()) {
            w.raw(",\"value_for_money\":{\"comparator\":");
            if (r.value_for_money_comparator.empty()) w.raw("null");
            else w.string(r.value_for_money_comparator);
            w.raw(",\"options\":{");
            for (std::size_t k = 0; k < r.value_for_money.size(); ++k) {
                const auto& v = r.value_for_money[k];
                const auto& e = v.entry;
                if (k) w.raw(',');
                w.string(e.option);
                w.raw(":{\"position\":\"");
                w.raw(to_string(e.position));
                w.raw("\",\"on_frontier\":");
                w.raw(e.on_frontier ? "true" : "false");
                w.number_field(",\"npv_cost\":", e.npv_cost);
                w.number_field(",\"npv_cost_before_optimism_bias\":", e.npv_cost_before_optimism_bias);
                w.number_field(",\"benefit\":", e.benefit);
                w.number_field(",\"value_added\":", e.value_added);
                w.number_field(",\"extra_cost\":", e.extra_cost);
                w.number_field(",\"value_added_per_extra_cost\":", e.value_added_per_extra_cost);
                w.number_field(",\"incremental_benefit_per_cost\":", e.incremental_benefit_per_cost);
                w.raw(",\"shortfall_years\":");
                w.uint(std::uint64_t(v.shortfall_years));
                w.number_field(",\"largest_shortfall\":", v.largest_shortfall);
                w.raw('}');
            }
            w.raw("}}");
        }
        w.raw("}\n");
    });
}

namespace detail {

/// A result line as read back (resume): enough for the summary, each field checked as the summary
/// relies on it: ranks are whole numbers from 1 to the number of options ranked, one per ranked
/// option (a patched scenario may rank options the base model lacks, so any id is taken). A missing
/// field or a wrong type throws from nlohmann::json; a broken rule throws adva.batch.corrupt_results
/// at `where`.
inline scenario_result result_from_line(const nlohmann::json& j, const std::string& where) {
    const auto corrupt = [&](const std::string& rule, const std::string& seen) {
        return invalid_input("adva.batch.corrupt_results", where, rule, seen);
    };
    scenario_result r;
    if (!j.at("index").is_number_unsigned()) throw corrupt("a finished line's index is a whole number from 0", j.at("index").dump());
    r.index = j.at("index").get<std::uint64_t>();
    r.id = j.at("id").get<std::string>();
    const auto status = j.at("status").get<std::string>();
    if (status != "ok" && status != "error") throw corrupt("a finished line's status is \"ok\" or \"error\"", "\"" + status + "\"");
    r.status = status == "ok" ? scenario_status::ok : scenario_status::error;
    if (r.status == scenario_status::error) return r;
    const auto& ranking = j.at("ranking");
    const auto& ranks = j.at("ranks");
    if (!ranking.is_array() || !ranks.is_array() || ranks.size() != ranking.size())
        throw corrupt("a finished line has one rank per ranked option", std::to_string(ranks.size()) + " ranks");
    for (std::size_t k = 0; k < ranking.size(); ++k) {
        ranked_option o;
        o.option = ranking[k].get<std::string>();
        const auto& rank = ranks[k];
        if (!rank.is_number_unsigned() || rank.get<std::uint64_t>() < 1 || rank.get<std::uint64_t>() > ranking.size())
            throw corrupt("a finished line's ranks are whole numbers from 1 to the number of options ranked", rank.dump());
        o.rank = int(rank.get<std::uint64_t>());
        r.ranking.push_back(std::move(o));
    }
    const auto& discounted = j.at("discounted");
    if (!discounted.is_array()) throw corrupt("a finished line's discounted options are a list", discounted.dump());
    for (const auto& d : discounted) r.discounted.push_back(d.get<std::string>());
    // Value for money, when the line has it: what the summary counts (frontier, affordability, cost).
    if (const auto vfm = j.find("value_for_money"); vfm != j.end()) {
        const auto& options = vfm->at("options");
        if (!options.is_object()) throw corrupt("a finished line's value for money is an object by option", options.dump());
        for (const auto& [option, fields] : options.items()) {
            scenario_value_for_money& v = r.value_for_money.emplace_back();
            v.entry.option = option;
            v.entry.on_frontier = fields.at("on_frontier").get<bool>();
            const auto& cost = fields.at("npv_cost");
            v.entry.npv_cost = cost.is_null() ? std::numeric_limits<double>::quiet_NaN() : cost.get<double>();
            const auto& years = fields.at("shortfall_years");
            if (!years.is_number_unsigned() || years.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<int>::max()))
                throw corrupt("a finished line's shortfall years are a whole number from 0", years.dump());
            v.shortfall_years = int(years.get<std::uint64_t>());
        }
    }
    return r;
}

}  // namespace detail

/// Reads back one finished line of a results file (as append_json_line wrote it, without its '\n'):
/// index, id, status and, for an ok line, the ranking (options and ranks), the discounted options
/// and each costed option's frontier membership, NPC and shortfall years: what the batch summary
/// needs. `where` names the line in errors ("FILE:LINE"). Throws
/// adva.batch.corrupt_results when the line is not JSON, lacks those fields or breaks their rules
/// (detail::result_from_line), and adva.batch.resume_mismatch when its index and id are not a
/// scenario of `source`.
inline scenario_result read_finished_line(std::string_view line, const std::string& where, const scenario_source& source) {
    nlohmann::json j;
    try {
        j = io::parse_json(line);
    } catch (const invalid_input& e) {
        throw invalid_input("adva.batch.corrupt_results", where, "a finished line of the results is not JSON", e.rule());
    }
    scenario_result r;
    try {
        r = detail::result_from_line(j, where);
    } catch (const nlohmann::json::exception& e) {
        throw invalid_input("adva.batch.corrupt_results", where, "a finished line lacks the result fields", e.what());
    }
    if (r.index >= source.count() || source.id_at(r.index) != r.id)
        throw invalid_input("adva.batch.resume_mismatch", where,
                            "the results belong to another scenario file (index and id do not match this one)",
                            "index " + std::to_string(r.index) + ", id \"" + r.id + "\"");
    return r;
}

}  // namespace adva
