// The arguments of one `adva <command>` (args.hpp): Boost.Program_options splits the words into
// options and positionals; the checks it lacks (an option at most once, no empty value, whole
// numbers, positional counts) follow, and each of its exceptions becomes adva.cli.usage.
#include "args.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <system_error>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "utf8.hpp"

namespace adva::cli {

bool is_utf8_text(std::string_view text) { return io::is_utf8(text); }

namespace po = boost::program_options;

std::string quote_seen(std::string_view text) {
    constexpr std::size_t shown = 100;
    std::string s(text.substr(0, shown));
    if (text.size() > shown) s += "...";
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::string> parsed_args::text(const std::string& name) const {
    auto v = value(name);
    if (v && !is_utf8_text(*v)) throw invalid_input("adva.cli.usage", "--" + name, "must be UTF-8 text", quote_seen(*v));
    return v;
}

std::uint64_t parse_count(std::string_view text, const std::string& where, count_range range, const std::string& command) {
    std::uint64_t n = 0;
    const char* const end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, n);  // digits only: no sign, space or exponent
    if (ec != std::errc{} || stop != end || n < range.min || n > range.max)
        throw invalid_input("adva.cli.usage", where,
                            "needs a whole number from " + std::to_string(range.min) + " to " + std::to_string(range.max) +
                                " (see 'adva " + command + " --help')",
                            quote_seen(text));
    return n;
}

invalid_input usage_error_from(const po::error& e, const std::string& command) {
    const auto* named = dynamic_cast<const po::error_with_option_name*>(&e);
    const std::string option = named ? named->get_option_name() : std::string();
    if (dynamic_cast<const po::unknown_option*>(&e)) {
        // The name as typed, without an "=value" part ("--outt=3" is the unknown option "--outt").
        const bool long_form = option.rfind("--", 0) == 0;
        return usage_error(command, "unknown option", quote_seen(long_form ? option.substr(0, option.find('=')) : option));
    }
    if (const auto* syntax = dynamic_cast<const po::invalid_command_line_syntax*>(&e)) {
        switch (syntax->kind()) {
            case po::invalid_syntax::missing_parameter: return usage_error(command, option + " needs a value");
            case po::invalid_syntax::empty_adjacent_parameter:
                if (option.empty()) return usage_error(command, "unknown option", quote_seen("--"));  // "--=": no name
                return usage_error(command, option + " needs a value", quote_seen(""));
            case po::invalid_syntax::extra_parameter: return usage_error(command, option + " takes no value");
            default: break;
        }
    }
    return usage_error(command, "malformed arguments", option.empty() ? std::string() : quote_seen(option));
}

parsed_args parse_args(const args& a, const std::string& command, const std::vector<option_spec>& specs,
                       std::size_t min_positional, std::size_t max_positional) {
    // A valid command line holds each option once (two words at most), -h or --help, one "--" and
    // the positionals. Longer ones are refused before parsing: the parser's work grows with the
    // square of the word count.
    const std::size_t most_words = std::max(max_positional, max_positional + 2 * specs.size() + 2);
    if (a.size() > most_words)
        throw usage_error(command, "too many arguments: expected at most " + std::to_string(most_words) + " words",
                          std::to_string(a.size()) + " words");

    po::options_description known;
    known.add_options()("help,h", "");
    std::map<std::string, const option_spec*> spec_of;
    for (const auto& o : specs) {
        spec_of[o.name] = &o;
        if (o.takes_value)
            known.add_options()(o.name.c_str(), po::value<std::string>());
        else
            known.add_options()(o.name.c_str(), "");
    }
    namespace style = po::command_line_style;
    // Long options with "=VALUE" or the next word; -h alone: no abbreviations, no grouped letters.
    const int syntax = style::allow_long | style::long_allow_adjacent | style::long_allow_next | style::allow_short |
                       style::allow_dash_for_short | style::short_allow_next;

    parsed_args p;
    try {
        const po::parsed_options parsed = po::command_line_parser(a).options(known).style(syntax).run();
        std::set<std::string> given;
        for (const po::option& o : parsed.options) {
            if (o.string_key.empty()) {
                // Boost reads "--=x" as the positional "x"; a real positional is its own word.
                if (o.value.size() != 1 || o.original_tokens.size() != 1 || o.value[0] != o.original_tokens[0])
                    throw usage_error(command, "unknown option", quote_seen("--"));
                p.positional.push_back(o.value[0]);
                continue;
            }
            const std::string name = "--" + o.string_key;
            if (!given.insert(o.string_key).second)
                throw usage_error(command, name + " given twice", quote_seen(o.original_tokens.empty() ? name : o.original_tokens[0]));
            if (o.string_key == "help") {
                p.help = true;
            } else if (!spec_of.at(o.string_key)->takes_value) {
                p.flags[o.string_key] = true;
            } else {
                if (o.value.empty() || o.value[0].empty()) throw usage_error(command, name + " needs a value", quote_seen(""));
                p.values[o.string_key] = o.value[0];
            }
        }
    } catch (const po::error& e) {
        throw usage_error_from(e, command);
    }
    if (p.help) return p;  // --help wins over the whole numbers and the positional counts

    for (const auto& o : specs)
        if (const auto it = p.values.find(o.name); o.count && it != p.values.end())
            p.counts[o.name] = parse_count(it->second, "--" + o.name, *o.count, command);
    if (p.positional.size() < min_positional)
        throw usage_error(command, "missing argument: expected at least " + std::to_string(min_positional));
    if (p.positional.size() > max_positional) {
        // A command that takes no argument but writes a file (adva init starter.json): say how.
        const bool writes = std::any_of(specs.begin(), specs.end(), [](const option_spec& o) { return o.name == "out"; });
        throw usage_error(command,
                          "too many arguments: expected at most " + std::to_string(max_positional) +
                              (max_positional == 0 && writes ? "; name the file to write with --out FILE" : ""),
                          quote_seen(p.positional[max_positional]));
    }
    return p;
}

}  // namespace adva::cli
