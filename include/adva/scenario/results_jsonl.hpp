#pragma once
// The batch results file, one JSON line per scenario (docs/batch.md): append_json_line writes a
// line and read_finished_line reads one back for --resume, so one header holds the format both ways.
// read_finished_line parses with io::parse_json (adva::io); the writer needs no library.
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
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

inline void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    std::size_t plain = 0;  // start of the run of characters that need no escape, appended in one go
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s, plain, i - plain);
        plain = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            }
        }
    }
    out.append(s, plain);
    out += '"';
}

/// Shortest text that reads back to the same double; null for NaN and infinities (not JSON).
inline void append_json_number(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

inline void append_json_uint(std::string& out, std::uint64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

}  // namespace detail

/// Appends one result as one line of JSON (ending in '\n'); see docs/batch.md for the fields.
inline void append_json_line(std::string& out, const scenario_result& r) {
    using detail::append_json_string;
    out += "{\"index\":";
    detail::append_json_uint(out, r.index);
    out += ",\"id\":";
    append_json_string(out, r.id);
    if (!r.label.empty()) {
        out += ",\"label\":";
        append_json_string(out, r.label);
    }
    out += ",\"status\":\"";
    out += to_string(r.status);
    out += '"';
    if (r.status == scenario_status::error) {
        out += ",\"error\":";
        append_json_string(out, r.error_id);
        out += ",\"pointer\":";
        append_json_string(out, r.error_pointer);
        out += ",\"message\":";
        append_json_string(out, r.error_message);
        out += "}\n";
        return;
    }
    out += ",\"governance_state\":";
    append_json_string(out, r.governance_state);
    out += ",\"winner\":";
    if (r.ranking.empty()) out += "null";
    else append_json_string(out, r.ranking.front().option);
    out += ",\"ranking\":[";
    for (std::size_t k = 0; k < r.ranking.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, r.ranking[k].option);
    }
    out += "],\"ranks\":[";
    for (std::size_t k = 0; k < r.ranking.size(); ++k) {
        if (k) out += ',';
        detail::append_json_uint(out, std::uint64_t(r.ranking[k].rank));
    }
    out += "],\"totals\":{";
    for (std::size_t k = 0; k < r.ranking.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, r.ranking[k].option);
        out += ':';
        detail::append_json_number(out, r.ranking[k].total);
    }
    out += "},\"discounted\":[";
    for (std::size_t k = 0; k < r.discounted.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, r.discounted[k]);
    }
    out += ']';
    if (!r.sensitivity.empty()) {
        out += ",\"sensitivity\":{";
        for (std::size_t k = 0; k < r.sensitivity.size(); ++k) {
            const auto& s = r.sensitivity[k];
            if (k) out += ',';
            append_json_string(out, s.node);
            out += ":{\"weight\":";
            detail::append_json_number(out, s.weight);
            out += ",\"winner_stable\":[";
            detail::append_json_number(out, s.winner_stable_lower);
            out += ',';
            detail::append_json_number(out, s.winner_stable_upper);
            out += "]}";
        }
        out += '}';
    }
    if (r.smaa_samples > 0) {
        out += ",\"smaa\":{\"samples\":";
        detail::append_json_uint(out, r.smaa_samples);
        out += ",\"seed\":";
        detail::append_json_uint(out, r.smaa_seed);
        out += ",\"first_rank_acceptability\":{";
        for (std::size_t k = 0; k < r.smaa.size(); ++k) {
            if (k) out += ',';
            append_json_string(out, r.smaa[k].option);
            out += ':';
            detail::append_json_number(out, r.smaa[k].first_rank_acceptability);
        }
        out += "},\"confidence_factors\":{";
        for (std::size_t k = 0; k < r.smaa.size(); ++k) {
            if (k) out += ',';
            append_json_string(out, r.smaa[k].option);
            out += ':';
            detail::append_json_number(out, r.smaa[k].confidence_factor);
        }
        out += "}}";
    }
    out += "}\n";
}

namespace detail {

/// A result line as read back (resume): enough for the summary.
inline scenario_result result_from_line(const nlohmann::json& j) {
    scenario_result r;
    r.index = j.at("index").get<std::uint64_t>();
    r.id = j.at("id").get<std::string>();
    r.status = j.at("status") == "ok" ? scenario_status::ok : scenario_status::error;
    if (r.status == scenario_status::ok) {
        const auto& ranking = j.at("ranking");
        const auto& ranks = j.at("ranks");
        for (std::size_t k = 0; k < ranking.size(); ++k) {
            ranked_option o;
            o.option = ranking[k].get<std::string>();
            o.rank = ranks.at(k).get<int>();
            r.ranking.push_back(std::move(o));
        }
        for (const auto& d : j.at("discounted")) r.discounted.push_back(d.get<std::string>());
    }
    return r;
}

}  // namespace detail

/// Reads back one finished line of a results file (as append_json_line wrote it, without its '\n'):
/// index, id, status and, for an ok line, the ranking (options and ranks) and the discounted
/// options: what the batch summary needs. `where` names the line in errors ("FILE:LINE"). Throws
/// adva.batch.corrupt_results when the line is not JSON or lacks those fields, and
/// adva.batch.resume_mismatch when its index and id are not a scenario of `source`.
inline scenario_result read_finished_line(std::string_view line, const std::string& where, const scenario_source& source) {
    nlohmann::json j;
    try {
        j = io::parse_json(line);
    } catch (const invalid_input& e) {
        throw invalid_input("adva.batch.corrupt_results", where, "a finished line of the results is not JSON", e.rule());
    }
    scenario_result r;
    try {
        r = detail::result_from_line(j);
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
