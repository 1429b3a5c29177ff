#pragma once
// The inputs under fuzzing, one function per libFuzzer target (tests/fuzz/<name>_fuzz.cpp), shared
// with the replay of the seed and regression corpora in `make test` (tests/io_fuzz_corpus_test.cpp),
// so a finding replays exactly as it was found. The contract every function checks: any bytes end
// normally or in adva::invalid_input (limit_exceeded included). Any other exception, a crash, a
// sanitizer report or a broken property (abort) is a finding.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "adva/error.hpp"
#include "adva/io/matrix_json.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/scenario_json.hpp"
#include "adva/io/scoring_sheet.hpp"
#include "adva/io/smaa_json.hpp"
#include "cli_support.hpp"

namespace adva_fuzz {

/// A broken property: reported like a crash (libFuzzer saves the input).
[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "adva fuzz finding: %s\n", what.c_str());
    std::abort();
}

/// Runs one reader on `input`: true when it accepts it, false on invalid_input (the normal
/// rejection); anything else is a finding.
template <class Reader>
bool accepted(Reader&& read, std::string_view input) {
    try {
        read(input);
        return true;
    } catch (const adva::invalid_input&) {
        return false;
    } catch (const std::exception& e) {
        finding(std::string("exception ") + typeid(e).name() + ": " + e.what());
    }
}

/// `adva validate` and every model reader: JSON text → model; a model that loads writes back to
/// JSON that reads as the same model.
inline bool model(std::string_view input) {
    return accepted(
        [](std::string_view text) {
            const adva::appraisal m = adva::io::parse_model(text);
            if (!(adva::io::model_from_json(adva::io::model_to_json(m)) == m)) finding("model_to_json does not read back as the same model");
        },
        input);
}

/// `adva evaluate` and `adva weights`: the decision-matrix document through both readers.
inline bool matrix(std::string_view input) {
    const bool evaluated = accepted([](std::string_view text) { (void)adva::io::evaluate_decision_json(adva::io::parse_json(text)); }, input);
    const bool weighted = accepted([](std::string_view text) { (void)adva::io::weights_json(adva::io::parse_json(text)); }, input);
    return evaluated || weighted;
}

/// `adva smaa --replay`: external samples, replayed on one thread.
inline bool smaa_replay(std::string_view input) {
    return accepted([](std::string_view text) { (void)adva::io::smaa_replay_json(adva::io::parse_json(text), 1); }, input);
}

/// `adva batch`: a scenario file (base directory that does not exist, so a relative model path
/// fails cleanly), then the first scenarios decoded from their indices.
inline bool scenarios(std::string_view input) {
    return accepted(
        [](std::string_view text) {
            const adva::scenario_source source = adva::io::parse_scenarios(text, "/nonexistent/adva-fuzz");
            adva::scenario s;
            std::optional<nlohmann::json> first_patch;
            for (std::uint64_t i = 0; i < std::min<std::uint64_t>(source.count(), 16); ++i) {
                source.at(i, s);
                if (source.id_at(i) != s.id) finding("scenario_source::id_at differs from at()");
                if (s.patch && !first_patch) first_patch = s.patch;
            }
            // The first patch (keyed or plain) over the base model: applied, or refused as invalid input.
            if (first_patch) (void)source.patch_base(*first_patch);
        },
        input);
}

/// `adva import-scores` of a workbook: the bytes as an .xlsx file through parse_xlsx. A sheet that
/// reads must write back (sheet_to_xlsx) as a workbook that reads as the same rows, the cells of
/// the number columns as the same numbers (a text there that is a number is written as one).
inline bool scoresheet_xlsx(std::string_view input) {
    adva::io::sheet_table table;
    if (!accepted([&](std::string_view bytes) { table = adva::io::parse_xlsx(bytes, "fuzz.xlsx"); }, input)) return false;
    std::string written;
    try {
        written = adva::io::sheet_to_xlsx(table);
    } catch (const adva::limit_exceeded&) {
        return true;  // a cell longer than a worksheet holds: refused, as it should be
    } catch (const std::exception& e) {
        finding(std::string("sheet_to_xlsx failed on a sheet that was read: ") + e.what());
    }
    adva::io::sheet_table back;
    try {
        back = adva::io::parse_xlsx(written, "rewritten.xlsx");
    } catch (const std::exception& e) {
        finding(std::string("a workbook sheet_to_xlsx wrote does not read: ") + e.what());
    }
    const auto number = [](const std::string& text, double& v) {
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        return ec == std::errc() && end == text.data() + text.size();
    };
    if (back.rows.size() != table.rows.size()) finding("a workbook written back has another number of rows");
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        if (back.rows[r].size() != table.rows[r].size()) finding("a row written back has another width");
        for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
            if (back.rows[r][c] == table.rows[r][c]) continue;
            double a = 0, b = 0;
            if (r > 0 && adva::io::is_number_column(table.rows[0][c]) && number(table.rows[r][c], a) && number(back.rows[r][c], b) && a == b)
                continue;
            finding("a cell written back reads as another text: row " + std::to_string(r + 1) + ", column " + std::to_string(c + 1));
        }
    }
    return true;
}

/// The option names the CLI uses; the fuzzer picks specs from them.
inline constexpr std::array<std::string_view, 12> cli_option_names = {"out",  "threads", "resume", "csv",   "format", "group",
                                                                      "force", "by",     "reason", "norm",  "seed",   "replay"};

/// The CLI argument parser, through parse_args(args, command, specs, min, max). Byte 0 chooses which
/// names are options and byte 1 which of those take values; byte 2 the positional bounds; the rest,
/// split at NUL bytes, are the arguments. A parse that succeeds must respect the specs and bounds.
inline bool cli_args(std::string_view input) {
    if (input.size() < 3) return false;
    const auto chosen = static_cast<unsigned char>(input[0]), valued = static_cast<unsigned char>(input[1]),
               bounds = static_cast<unsigned char>(input[2]);
    std::vector<adva::cli::option_spec> specs;
    for (std::size_t k = 0; k < cli_option_names.size(); ++k)
        if ((chosen >> (k % 8)) & 1) specs.push_back({std::string(cli_option_names[k]), ((valued >> (k % 8)) & 1) != 0});
    const std::size_t min_positional = bounds & 3;
    const std::size_t max_positional = (bounds & 0x80) ? std::numeric_limits<std::size_t>::max() : min_positional + ((bounds >> 2) & 3);
    adva::cli::args a;
    std::string_view rest = input.substr(3);
    while (!rest.empty()) {
        const auto end = std::min(rest.find('\0'), rest.size());
        a.emplace_back(rest.substr(0, end));
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    return accepted(
        [&](std::string_view) {
            const auto p = adva::cli::parse_args(a, "fuzz", specs, min_positional, max_positional);
            for (const auto& s : p.positional)
                if (std::find(a.begin(), a.end(), s) == a.end()) finding("a positional argument that was not given: " + s);
            for (const auto name : cli_option_names) {
                const auto spec = std::find_if(specs.begin(), specs.end(), [&](const auto& o) { return o.name == name; });
                const bool takes_value = spec != specs.end() && spec->takes_value, is_flag = spec != specs.end() && !spec->takes_value;
                if (p.value(std::string(name)) && !takes_value) finding("a value for an option that takes none: " + std::string(name));
                if (p.flag(std::string(name)) && !is_flag) finding("a flag that is not one: " + std::string(name));
            }
            if (!p.help && (p.positional.size() < min_positional || p.positional.size() > max_positional))
                finding("positional count outside the bounds: " + std::to_string(p.positional.size()));
        },
        input);
}

struct target {
    std::string_view name;  ///< tests/fuzz/<name>_fuzz.cpp, tests/fuzz/{seeds,regressions}/<name>/
    bool (*run)(std::string_view);  ///< true when the input is accepted
};

inline constexpr std::array<target, 6> targets = {{{"model", model},
                                                   {"matrix", matrix},
                                                   {"smaa_replay", smaa_replay},
                                                   {"scenarios", scenarios},
                                                   {"scoresheet_xlsx", scoresheet_xlsx},
                                                   {"cli_args", cli_args}}};

}  // namespace adva_fuzz
