// The decoding toolkit (include/adva/io/decode.hpp) and the strict-reading vocabulary shared by
// every reader (json_reading.hpp).
#include "adva/io/decode.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <set>
#include <vector>

#include "adva/error.hpp"
#include "json_reading.hpp"
#include "utf8.hpp"

namespace adva::io {

using nlohmann::json;

namespace {

// ------------------------------------------------------------------------------------------------
// Bounded reading of any source.

/// Closes a descriptor it owns (not standard input) on every path out.
struct source_fd {
    int fd = -1;
    bool owned = false;
    ~source_fd() {
        if (owned && fd >= 0) ::close(fd);
    }
};

[[noreturn]] void unreadable(const std::string& name, std::string_view what, const std::string& reason) {
    throw invalid_input("adva.io.read", name, "cannot read the " + std::string(what), reason);
}

[[noreturn]] void too_large(const std::string& name, std::size_t max_bytes, const std::string& seen) {
    throw limit_exceeded("adva.limits.input_size", name,
                         "inputs larger than " + std::to_string(max_bytes) + " bytes are not accepted", seen);
}

[[noreturn]] void nul_byte(const std::string& name, std::size_t offset) {
    throw invalid_input("adva.json.parse", name,
                        "not valid JSON: a NUL byte at byte " + std::to_string(offset) +
                            " (JSON text never contains one; is this a binary file or a device?)");
}

// Bytes of the input quoted in a message: printable ASCII only, so a message is always valid UTF-8.
std::string printable(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    return text;
}

std::string line_column(const source_position& at) {
    return "line " + std::to_string(at.line) + ", column " + std::to_string(at.column);
}

// ------------------------------------------------------------------------------------------------
// Bounded parsing: a SAX handler builds the document and enforces the limits as it is read.
// nlohmann's SAX parser is iterative (no recursion), so a million open brackets stop at the depth
// cap without touching the stack. (Its callback-based DOM parser is not used: it rescans the
// enclosing container at every object end, quadratic in the length of an array of objects.)

class bounded_dom_builder {
public:
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    bounded_dom_builder(json& root, const read_limits& limits, std::string_view text)
        : root_(root), limits_(limits), text_(text) {}

    bool null() { return add(nullptr); }
    bool boolean(bool v) { return add(v); }
    bool number_integer(number_integer_t v) { return add(v); }
    bool number_unsigned(number_unsigned_t v) { return add(v); }
    bool number_float(number_float_t v, const string_t& /*text*/) { return add(v); }
    bool binary(binary_t& v) { return add(std::move(v)); }
    bool string(string_t& v) {
        count_element();
        check_string(v, stack_.size());
        place(std::move(v));
        return true;
    }
    bool start_object(std::size_t /*unknown size*/) { return open(json::value_t::object); }
    bool start_array(std::size_t /*unknown size*/) { return open(json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(string_t& k) {
        frame& f = stack_.back();
        count(f, stack_.size() - 1);
        check_string(k, stack_.size() - 1);  // the object's pointer: the key may be huge
        f.last_key = k;
        if (!f.keys.insert(k).second)
            throw invalid_input("adva.json.duplicate_key", pointer(stack_.size()),
                                "key appears twice in the same object (JSON leaves the meaning undefined)",
                                detail::seen_value(json(k)));
        member_ = &(*f.value)[k];
        return true;
    }
    bool parse_error(std::size_t position, const std::string& /*last_token*/, const json::exception& e) {
        // e.what() reads "[json.exception.parse_error.101] parse error at line L, column C: detail"
        // or "[json.exception.out_of_range.406] number overflow parsing '1e999'".
        if (e.id == 406)
            throw invalid_input("adva.json.number_range", failure_pointer(),
                                "number outside the range of a double (about ±1.8e308)",
                                number_token(position));
        std::string detail = e.what();
        if (auto p = detail.find("] "); p != std::string::npos) detail.erase(0, p + 2);
        if (detail.rfind("parse error", 0) == 0)
            if (auto p = detail.find(": "); p != std::string::npos) detail.erase(0, p + 2);
        // nlohmann counts `position` as bytes read, one past the offending byte.
        const std::size_t offset = position == 0 ? 0 : position - 1;
        const source_position at = position_at(text_, offset);
        throw invalid_input("adva.json.parse", failure_pointer(),
                            "not valid JSON at " + line_column(at) + ": " + printable(std::move(detail)), {}, at);
    }

private:
    struct frame {
        json* value = nullptr;
        bool is_array = false;
        std::size_t count = 0;
        std::string last_key;
        std::set<std::string, std::less<>> keys;
    };

    // The pointer of the element currently read at nesting level `levels` (0 = the document).
    // Built only when an error needs it.
    std::string pointer(std::size_t levels) const {
        std::string p;
        for (std::size_t i = 0; i < levels && i < stack_.size(); ++i) {
            const frame& f = stack_[i];
            if (f.count == 0) break;
            p += '/';
            p += f.is_array ? std::to_string(f.count - 1) : pointer_token(f.last_key);
        }
        return p;
    }
    // The pointer of the place the parser stopped in: in an array, the element being read (not yet
    // counted); in an object, the member last named.
    std::string failure_pointer() const {
        if (stack_.empty() || !stack_.back().is_array) return pointer(stack_.size());
        return pointer(stack_.size() - 1) + "/" + std::to_string(stack_.back().count);
    }
    // The number text that ends just before byte `position`, for the "seen" part.
    std::string number_token(std::size_t position) const {
        std::size_t end = std::min(position, text_.size()), begin = end;
        while (begin > 0 && std::strchr("0123456789+-.eE", text_[begin - 1]) != nullptr) --begin;
        std::string s(text_.substr(begin, end - begin));
        return s.size() > 40 ? s.substr(0, 37) + "..." : s;
    }
    void count(frame& f, std::size_t level) {
        if (++f.count > limits_.max_items)
            throw limit_exceeded("adva.json.limit", pointer(level),
                                 std::string(f.is_array ? "array" : "object") + " has more than " +
                                     std::to_string(limits_.max_items) + " entries");
    }
    void count_element() {
        if (!stack_.empty() && stack_.back().is_array) count(stack_.back(), stack_.size() - 1);
    }
    // A string at nesting level `levels` (its pointer: see pointer()).
    void check_string(const std::string& s, std::size_t levels) const {
        if (s.size() > limits_.max_string)
            throw limit_exceeded("adva.json.limit", pointer(levels),
                                 "string longer than " + std::to_string(limits_.max_string) + " bytes",
                                 std::to_string(s.size()) + " bytes");
    }
    json* place(json&& v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        frame& f = stack_.back();
        if (f.is_array) {
            f.value->push_back(std::move(v));
            return &f.value->back();
        }
        *member_ = std::move(v);
        return member_;
    }
    bool add(json&& v) {
        count_element();
        place(std::move(v));
        return true;
    }
    bool open(json::value_t type) {
        count_element();
        if (static_cast<int>(stack_.size()) + 1 > limits_.max_depth)
            throw limit_exceeded("adva.json.limit", pointer(stack_.size()),
                                 "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
        frame f;
        f.value = place(json(type));
        f.is_array = type == json::value_t::array;
        stack_.push_back(std::move(f));
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }

    json& root_;
    const read_limits& limits_;
    std::string_view text_;
    std::vector<frame> stack_;
    json* member_ = nullptr;  // the object member the next value goes into
};

}  // namespace

read_limits matrix_read_limits() {
    read_limits limits;
    limits.max_bytes = std::size_t(1) << 30;
    limits.max_items = std::size_t(1) << 28;
    return limits;
}

namespace {

/// read_source() and read_binary_source(): text refuses a NUL byte as soon as it arrives.
std::string read_all(const std::string& source, std::size_t max_bytes, std::string_view what, bool text_only) {
    const bool standard_input = source == "-";
    const std::string name = standard_input ? "<stdin>" : source;
    if (source.empty()) unreadable(name, what, "the file name is empty");
    source_fd in;
    if (standard_input) {
        in.fd = STDIN_FILENO;
    } else {
        // O_NONBLOCK is not used: a FIFO without a writer waits for one, as `cat` does, but the
        // memory it can take is bounded like any other source.
        do in.fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
        while (in.fd < 0 && errno == EINTR);
        if (in.fd < 0) unreadable(name, what, std::strerror(errno));
        in.owned = true;
    }
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) unreadable(name, what, std::strerror(errno));
    if (S_ISDIR(st.st_mode)) unreadable(name, what, "it is a directory, not a file");
    if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes)
        too_large(name, max_bytes, std::to_string(st.st_size) + " bytes");

    std::string text;
    if (S_ISREG(st.st_mode)) text.reserve(static_cast<std::size_t>(st.st_size));
    constexpr std::size_t chunk = 1 << 16;
    for (;;) {
        const std::size_t old = text.size();
        text.resize(old + chunk);
        const ssize_t n = ::read(in.fd, text.data() + old, chunk);
        if (n < 0) {
            text.resize(old);
            if (errno == EINTR) continue;
            unreadable(name, what, std::strerror(errno));
        }
        text.resize(old + static_cast<std::size_t>(n));
        if (n == 0) break;
        const void* nul = text_only ? std::memchr(text.data() + old, '\0', static_cast<std::size_t>(n)) : nullptr;
        if (nul) nul_byte(name, static_cast<std::size_t>(static_cast<const char*>(nul) - text.data()));
        if (text.size() > max_bytes) too_large(name, max_bytes, "more than " + std::to_string(max_bytes) + " bytes");
    }
    return text;
}

}  // namespace

std::string read_source(const std::string& source, std::size_t max_bytes, std::string_view what) {
    return read_all(source, max_bytes, what, true);
}

std::string read_binary_source(const std::string& source, std::size_t max_bytes, std::string_view what) {
    return read_all(source, max_bytes, what, false);
}

json parse_json(std::string_view text, const read_limits& limits) {
    if (text.size() > limits.max_bytes)
        too_large("", limits.max_bytes, std::to_string(text.size()) + " bytes");
    // The lexer takes a NUL byte for the end of input, which would let "{...}\0garbage" through.
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) nul_byte("", nul);
    json document;
    bounded_dom_builder builder(document, limits, text);
    json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, /*strict=*/true,
                    /*ignore_comments=*/false);
    return document;
}

json read_json(const std::string& source, const read_limits& limits, std::string_view what) {
    return read_json_as(source, limits, what, [](json&& document) { return std::move(document); });
}

// ------------------------------------------------------------------------------------------------
// Positions in the text.

source_position position_at(std::string_view text, std::size_t offset, std::string file) {
    offset = std::min(offset, text.size());
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + std::ptrdiff_t(offset), '\n'));
    const std::size_t line_start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    const std::size_t column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
    return {std::move(file), line, column};
}

namespace {

// A cursor over JSON text for locate_pointer. Every step stops at the end of the text and every
// loop advances or ends, so any text (even one that is not JSON) is scanned safely, once.
class json_cursor {
public:
    explicit json_cursor(std::string_view text) : t_(text) {}
    std::size_t pos = 0;

    bool at(char c) const { return pos < t_.size() && t_[pos] == c; }
    void skip_space() {
        while (pos < t_.size() && (t_[pos] == ' ' || t_[pos] == '\t' || t_[pos] == '\n' || t_[pos] == '\r')) ++pos;
    }
    // A string starting at pos (a '"'), its escapes decoded into `out` when given.
    void string(std::string* out) {
        ++pos;
        while (pos < t_.size()) {
            const char c = t_[pos++];
            if (c == '"') return;
            if (c != '\\') {
                if (out) *out += c;
                continue;
            }
            if (pos >= t_.size()) return;
            const char e = t_[pos++];
            if (!out) continue;
            switch (e) {
                case 'b': *out += '\b'; break;
                case 'f': *out += '\f'; break;
                case 'n': *out += '\n'; break;
                case 'r': *out += '\r'; break;
                case 't': *out += '\t'; break;
                case 'u': code_point(*out); break;
                default: *out += e;  // '"', '\\', '/'
            }
        }
    }
    // Skips the value at pos: a container by counting brackets outside strings.
    void skip_value() {
        if (at('"')) return string(nullptr);
        if (at('{') || at('[')) {
            std::size_t depth = 0;
            while (pos < t_.size()) {
                const char c = t_[pos];
                if (c == '"') {
                    string(nullptr);
                    continue;
                }
                ++pos;
                if (c == '{' || c == '[') ++depth;
                else if ((c == '}' || c == ']') && --depth == 0) return;
            }
            return;
        }
        while (pos < t_.size() && std::strchr(",]} \t\r\n", t_[pos]) == nullptr) ++pos;  // a number or literal
    }

private:
    unsigned hex4() {
        if (t_.size() - pos < 4) return pos = t_.size(), 0xFFFD;
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = t_[pos++];
            v = v * 16 + unsigned(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0);
        }
        return v;
    }
    // \uXXXX (pos after the 'u'), a surrogate pair joined, as UTF-8: keys compare as parsed.
    void code_point(std::string& out) {
        unsigned cp = hex4();
        if (cp >= 0xD800 && cp < 0xDC00 && t_.substr(pos, 2) == "\\u") {
            pos += 2;
            const unsigned low = hex4();
            cp = low >= 0xDC00 && low < 0xE000 ? 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD;
        }
        append_utf8(out, std::uint32_t(cp));
    }

    std::string_view t_;
};

// An RFC 6901 reference token unescaped: "~1" is '/', "~0" is '~'.
std::string unescape_token(std::string_view token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            out += token[++i] == '0' ? '~' : '/';
        } else {
            out += token[i];
        }
    }
    return out;
}

// An array index token: digits only, no leading zero; nullopt otherwise (or beyond 10^18).
std::optional<std::size_t> index_token(std::string_view token) {
    if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0')) return std::nullopt;
    std::size_t n = 0;
    for (char c : token) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + std::size_t(c - '0');
    }
    return n;
}

}  // namespace

source_position locate_pointer(std::string_view text, std::string_view pointer, std::string file) {
    if (!pointer.empty() && pointer[0] != '/') return {std::move(file), 0, 0};
    json_cursor cursor(text);
    cursor.skip_space();
    std::size_t found = cursor.pos;  // the value named by the tokens followed so far
    for (std::size_t p = 0; p < pointer.size();) {
        const std::size_t next = std::min(pointer.find('/', p + 1), pointer.size());
        const std::string_view token = pointer.substr(p + 1, next - p - 1);
        p = next;
        bool hit = false;
        if (cursor.at('{')) {
            const std::string key = unescape_token(token);
            ++cursor.pos;
            for (;;) {
                cursor.skip_space();
                if (!cursor.at('"')) break;
                std::string member;
                cursor.string(&member);
                cursor.skip_space();
                if (!cursor.at(':')) break;
                ++cursor.pos;
                cursor.skip_space();
                if (member == key) {
                    hit = true;
                    break;
                }
                cursor.skip_value();
                cursor.skip_space();
                if (!cursor.at(',')) break;
                ++cursor.pos;
            }
        } else if (cursor.at('[')) {
            if (const auto index = index_token(token)) {
                ++cursor.pos;
                for (std::size_t i = 0;; ++i) {
                    cursor.skip_space();
                    if (cursor.pos >= text.size() || cursor.at(']')) break;
                    if (i == *index) {
                        hit = true;
                        break;
                    }
                    cursor.skip_value();
                    cursor.skip_space();
                    if (!cursor.at(',')) break;
                    ++cursor.pos;
                }
            }
        }
        if (!hit) break;  // missing (or a scalar has no members): the innermost value found stands
        found = cursor.pos;
    }
    return position_at(text, found, std::move(file));
}

invalid_input located(const invalid_input& e, std::string_view text, const std::string& file) {
    source_position at = e.position();
    if (!at.file.empty()) return e;  // already located, in a file this one refers to
    if (at.line == 0) {
        if (!e.where().empty() && e.where()[0] != '/') return e;  // an argument or a file name: no place in the text
        at = locate_pointer(text, e.where());
    }
    at.file = file;
    return invalid_input(e.id(), e.where(), e.rule(), e.seen(), std::move(at));
}

void located_throw(const invalid_input& e, std::string_view text, const std::string& file) {
    invalid_input in_file = located(e, text, file);
    if (dynamic_cast<const limit_exceeded*>(&e))
        throw limit_exceeded(in_file.id(), in_file.where(), in_file.rule(), in_file.seen(), in_file.position());
    throw in_file;
}

// ------------------------------------------------------------------------------------------------
// The strict-reading vocabulary.

namespace detail {

std::string child(const std::string& where, std::string_view key) { return where + "/" + pointer_token(key); }
std::string child(const std::string& where, std::size_t index) { return where + "/" + std::to_string(index); }

std::string seen_value(const json& value) {
    std::string s = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() > 80) s = s.substr(0, 77) + "...";
    return s;
}

void type_error(const std::string& where, const std::string& expected, const json& seen) {
    throw invalid_input("adva.json.type", where, "expected " + expected, seen_value(seen));
}

namespace {
template <class Names>
std::string joined(const Names& names) {
    std::string list;
    for (auto n : names) list += (list.empty() ? "" : ", ") + std::string(n);
    return list;
}

template <class Names>
void check_keys_in(const json& object, const std::string& where, const Names& allowed) {
    if (!object.is_object()) type_error(where, "an object", object);
    for (const auto& item : object.items())
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
            throw invalid_input("adva.json.unknown_key", child(where, item.key()),
                                "unknown key (allowed here: " + joined(allowed) + ")", seen_value(json(item.key())));
}
}  // namespace

void check_keys(const json& object, const std::string& where, std::initializer_list<std::string_view> allowed) {
    check_keys_in(object, where, allowed);
}

void check_keys(const json& object, const std::string& where, const std::vector<std::string_view>& allowed) {
    check_keys_in(object, where, allowed);
}

const json& required(const json& object, const std::string& where, std::string_view key) {
    const auto it = object.find(key);
    if (it == object.end()) throw invalid_input("adva.json.missing_key", child(where, key), "required key is missing");
    return *it;
}

const json* optional(const json& object, std::string_view key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const json& as_array(const json& value, const std::string& where) {
    if (!value.is_array()) type_error(where, "an array", value);
    return value;
}

std::string as_string(const json& value, const std::string& where) {
    if (!value.is_string()) type_error(where, "a string", value);
    return value.get<std::string>();
}

double as_number(const json& value, const std::string& where) {
    // Parsing refuses numbers outside double range, so every JSON number here is finite.
    if (!value.is_number()) type_error(where, "a number", value);
    return value.get<double>();
}

bool as_bool(const json& value, const std::string& where) {
    if (!value.is_boolean()) type_error(where, "true or false", value);
    return value.get<bool>();
}

int as_int(const json& value, const std::string& where) {
    const std::string expected = "an integer between " + std::to_string(INT_MIN) + " and " + std::to_string(INT_MAX);
    if (value.is_number_unsigned()) {
        if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT_MAX)) type_error(where, expected, value);
        return static_cast<int>(value.get<std::uint64_t>());
    }
    if (!value.is_number_integer()) type_error(where, expected, value);
    const auto v = value.get<std::int64_t>();
    if (v < INT_MIN || v > INT_MAX) type_error(where, expected, value);
    return static_cast<int>(v);
}

std::uint64_t as_count(const json& value, const std::string& where) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0) return value.get<std::uint64_t>();
    type_error(where, "a non-negative integer", value);
}

std::vector<double> as_numbers(const json& value, const std::string& where) {
    as_array(value, where);
    std::vector<double> out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) out.push_back(as_number(value[i], child(where, i)));
    return out;
}

std::size_t as_name(const json& value, const std::string& where, std::initializer_list<std::string_view> names) {
    const std::string s = as_string(value, where);
    const auto it = std::find(names.begin(), names.end(), s);
    if (it == names.end())
        throw invalid_input("adva.json.unknown_name", where, "unknown name (one of: " + joined(names) + ")",
                            seen_value(value));
    return static_cast<std::size_t>(it - names.begin());
}

}  // namespace detail
}  // namespace adva::io
