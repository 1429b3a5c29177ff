// A scoring sheet read from an Excel workbook (parse_xlsx, adva/io/scoring_sheet.hpp): the zip
// container with libzip, its XML parts with expat. A workbook is untrusted input like any other:
// every size is bounded while it is unpacked and read, before memory is taken, and every problem
// is an adva error that names the file and the place.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <expat.h>
#include <zip.h>

#include "adva/io/decode.hpp"
#include "adva/io/scoring_sheet.hpp"
#include "json_names.hpp"
#include "xlsx_text.hpp"

namespace adva::io {

namespace {

/// Elements nest a few levels in a workbook; deeper is refused before it costs anything.
constexpr std::size_t max_xml_depth = 64;

/// The sheet a scoring workbook keeps its rows in, when it has several.
constexpr std::string_view scoresheet_name = "scoresheet";

[[noreturn]] void not_a_workbook(const std::string& source, const std::string& problem, const std::string& seen = {}) {
    throw invalid_input("adva.excel.not_a_workbook", source, "not an Excel workbook (.xlsx) that can be read: " + problem, seen);
}

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

bool same_ascii_letters(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

// --- the zip container ---------------------------------------------------------------------------

/// The parts of a workbook, unpacked on demand; together at most max_sheet_bytes, counted while
/// inflating, so a zip bomb stops at the bound whatever sizes its directory claims.
class package {
public:
    package(std::string_view bytes, std::string source) : source_(std::move(source)) {
        if (bytes.empty()) not_a_workbook(source_, "the file is empty");
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* buffer = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        if (buffer) archive_ = zip_open_from_source(buffer, ZIP_RDONLY | ZIP_CHECKCONS, &error);
        if (!archive_) {
            if (buffer) zip_source_free(buffer);
            const std::string reason = zip_error_strerror(&error);
            zip_error_fini(&error);
            not_a_workbook(source_, "not a zip archive, or a damaged one", reason);
        }
        zip_error_fini(&error);
    }
    ~package() { zip_discard(archive_); }
    package(const package&) = delete;
    package& operator=(const package&) = delete;

    const std::string& source() const noexcept { return source_; }

    /// The unpacked bytes of part `name` (case-insensitive, as part names are), or nothing when
    /// the workbook has no such part.
    std::optional<std::string> part(const std::string& name) {
        const zip_int64_t index = zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return std::nullopt;
        const std::size_t budget = max_sheet_bytes - unpacked_;
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(archive_, zip_uint64_t(index), 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) && stat.size > budget)
            too_large(name, std::to_string(stat.size) + " bytes");
        std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen_index(archive_, zip_uint64_t(index), 0), zip_fclose);
        if (!file) not_a_workbook(source_, "part " + name + " cannot be unpacked", zip_strerror(archive_));
        std::string data;
        char chunk[1 << 16];
        for (;;) {
            const zip_int64_t n = zip_fread(file.get(), chunk, sizeof chunk);
            if (n < 0) not_a_workbook(source_, "part " + name + " cannot be unpacked", zip_file_strerror(file.get()));
            if (n == 0) break;
            if (std::size_t(n) > budget - data.size()) too_large(name, "more than " + std::to_string(budget) + " bytes");
            data.append(chunk, std::size_t(n));
        }
        unpacked_ += data.size();
        return data;
    }

    std::string required_part(const std::string& name) {
        auto data = part(name);
        if (!data) not_a_workbook(source_, "the part " + name + " is missing");
        return std::move(*data);
    }

private:
    [[noreturn]] void too_large(const std::string& name, const std::string& seen) const {
        throw limit_exceeded("adva.limits.input_size", source_ + ": " + name,
                             "the parts of a workbook read unpack to at most " + std::to_string(max_sheet_bytes) + " bytes together",
                             seen);
    }

    std::string source_;
    zip_t* archive_ = nullptr;
    std::size_t unpacked_ = 0;
};

// --- XML parts -----------------------------------------------------------------------------------

using element_path = std::vector<std::string>;  ///< local names of the open elements, outermost first

/// What reads one part: elements by their local names (the parts' namespaces are fixed by the
/// format, and Excel's transitional and strict dialects differ only there).
class xml_handler {
public:
    virtual void start(const element_path& ancestors, std::string_view name, const XML_Char** attributes) = 0;
    virtual void end(const element_path& ancestors, std::string_view name) = 0;
    virtual void text(std::string_view data) = 0;

protected:
    ~xml_handler() = default;
};

/// Whether the innermost ancestors are `tail`, outermost first.
bool under(const element_path& ancestors, std::initializer_list<std::string_view> tail) {
    if (ancestors.size() < tail.size()) return false;
    return std::equal(tail.begin(), tail.end(), ancestors.end() - std::ptrdiff_t(tail.size()));
}

// With a namespace separator expat names elements and attributes "URI|local".
constexpr XML_Char namespace_separator = '|';

std::string_view local_name(const XML_Char* name) {
    const std::string_view full(name);
    const auto bar = full.rfind(namespace_separator);
    return bar == std::string_view::npos ? full : full.substr(bar + 1);
}

/// The value of attribute `name`: one without a namespace, or with `in_namespace` one in any namespace
/// (r:id). Null when absent.
const XML_Char* attribute(const XML_Char** attributes, std::string_view name, bool in_namespace = false) {
    for (const XML_Char** a = attributes; *a; a += 2) {
        const std::string_view full(a[0]);
        const bool namespaced = full.find(namespace_separator) != std::string_view::npos;
        if (namespaced == in_namespace && local_name(a[0]) == name) return a[1];
    }
    return nullptr;
}

struct xml_parse {
    XML_Parser parser;
    xml_handler& handler;
    const std::string& where;
    element_path path;
    std::exception_ptr failure;  ///< an exception may not cross expat's C frames: kept, rethrown after
};

/// Runs `step` in an expat callback; an exception stops the parser and is rethrown by parse_xml().
template <class Step>
void in_callback(void* data, Step&& step) {
    auto& p = *static_cast<xml_parse*>(data);
    if (p.failure) return;  // expat may deliver a few events after XML_StopParser()
    try {
        step(p);
    } catch (...) {
        p.failure = std::current_exception();
        XML_StopParser(p.parser, XML_FALSE);
    }
}

std::string xml_place(const xml_parse& p) {
    return p.where + ":" + std::to_string(XML_GetCurrentLineNumber(p.parser)) + ":" +
           std::to_string(XML_GetCurrentColumnNumber(p.parser) + 1);
}

[[noreturn]] void refuse_xml(const xml_parse& p, const std::string& rule) {
    throw invalid_input("adva.excel.xml", xml_place(p), rule);
}

void on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
    in_callback(data, [&](xml_parse& p) {
        if (p.path.size() >= max_xml_depth)
            refuse_xml(p, "elements nested deeper than " + std::to_string(max_xml_depth) + " levels: no workbook part does that");
        p.handler.start(p.path, local_name(name), attributes);
        p.path.emplace_back(local_name(name));
    });
}

void on_end(void* data, const XML_Char*) {
    in_callback(data, [](xml_parse& p) {
        const std::string name = std::move(p.path.back());
        p.path.pop_back();
        p.handler.end(p.path, name);
    });
}

void on_text(void* data, const XML_Char* text, int length) {
    in_callback(data, [&](xml_parse& p) { p.handler.text(std::string_view(text, std::size_t(length))); });
}

void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    in_callback(data, [](xml_parse& p) {
        refuse_xml(p, "a DOCTYPE: no workbook part has one, and its entities are refused (they can expand without bound)");
    });
}

void on_entity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*, const XML_Char*,
               const XML_Char*) {
    in_callback(data, [](xml_parse& p) { refuse_xml(p, "an entity declaration: refused in a workbook"); });
}

/// Parses one part as UTF-8 XML (whatever encoding it declares) into `handler`. `where` names it
/// ("sheet.xlsx: xl/workbook.xml"); errors add the line and column.
void parse_xml(const std::string& xml, const std::string& where, xml_handler& handler) {
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
        XML_ParserCreateNS("UTF-8", namespace_separator), XML_ParserFree);
    if (!parser) throw std::bad_alloc();
    xml_parse p{parser.get(), handler, where, {}, {}};
    XML_SetUserData(parser.get(), &p);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
    XML_SetEntityDeclHandler(parser.get(), on_entity);
    XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
    constexpr std::size_t chunk = 1 << 20;  // XML_Parse takes an int length
    std::size_t offset = 0;
    XML_Status status = XML_STATUS_OK;
    do {
        const std::size_t n = std::min(chunk, xml.size() - offset);
        status = XML_Parse(parser.get(), xml.data() + offset, int(n), offset + n == xml.size());
        offset += n;
    } while (status == XML_STATUS_OK && offset < xml.size());
    if (p.failure) std::rethrow_exception(p.failure);
    if (status != XML_STATUS_OK)
        throw invalid_input("adva.excel.xml", xml_place(p), "not well-formed XML in UTF-8",
                            XML_ErrorString(XML_GetErrorCode(parser.get())));
}

/// Items kept while reading (sheets, relationships, shared strings, cells), at most max_sheet_cells.
class item_count {
public:
    void add(const std::string& where) {
        if (++count_ > max_sheet_cells)
            throw limit_exceeded("adva.limits.sheet_cells", where,
                                 "a scoring workbook has at most " + std::to_string(max_sheet_cells) +
                                     " cells (rows x columns of the sheet read, and shared strings, sheets and relationships)");
    }

private:
    std::size_t count_ = 0;
};

// --- xl/workbook.xml and xl/_rels/workbook.xml.rels ----------------------------------------------

struct sheet_entry {
    std::string name;
    std::string relationship;  ///< r:id
};

class workbook_reader final : public xml_handler {
public:
    workbook_reader(std::string where, item_count& items) : where_(std::move(where)), items_(items) {}
    std::vector<sheet_entry> sheets;

    void start(const element_path& ancestors, std::string_view name, const XML_Char** attributes) override {
        if (name != "sheet" || !under(ancestors, {"workbook", "sheets"})) return;
        items_.add(where_);
        const XML_Char* sheet_name = attribute(attributes, "name");
        const XML_Char* id = attribute(attributes, "id", true);
        sheets.push_back({sheet_name ? sheet_name : "", id ? id : ""});
    }
    void end(const element_path&, std::string_view) override {}
    void text(std::string_view) override {}

private:
    std::string where_;
    item_count& items_;
};

struct relationship {
    std::string id, type, target;
    bool external = false;
};

class relationships_reader final : public xml_handler {
public:
    relationships_reader(std::string where, item_count& items) : where_(std::move(where)), items_(items) {}
    std::vector<relationship> relationships;

    void start(const element_path& ancestors, std::string_view name, const XML_Char** attributes) override {
        if (name != "Relationship" || !under(ancestors, {"Relationships"})) return;
        items_.add(where_);
        const auto value = [&](std::string_view key) {
            const XML_Char* v = attribute(attributes, key);
            return std::string(v ? v : "");
        };
        relationships.push_back({value("Id"), value("Type"), value("Target"), value("TargetMode") == "External"});
    }
    void end(const element_path&, std::string_view) override {}
    void text(std::string_view) override {}

    const relationship* by_type(std::string_view type_suffix) const {
        for (const auto& r : relationships)
            if (r.type.size() >= type_suffix.size() && r.type.compare(r.type.size() - type_suffix.size(), type_suffix.size(), type_suffix) == 0)
                return &r;
        return nullptr;
    }

private:
    std::string where_;
    item_count& items_;
};

/// The part a relationship of xl/workbook.xml points to: a target relative to xl/, or absolute
/// from the package's root; nothing when it leaves the package.
std::optional<std::string> part_of(std::string_view target) {
    std::vector<std::string_view> segments;
    if (!target.empty() && target.front() == '/') target.remove_prefix(1);
    else segments.push_back("xl");
    while (!target.empty()) {
        const auto slash = std::min(target.find('/'), target.size());
        const std::string_view segment = target.substr(0, slash);
        target.remove_prefix(std::min(slash + 1, target.size()));
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") {
            if (segments.empty()) return std::nullopt;
            segments.pop_back();
        } else {
            segments.push_back(segment);
        }
    }
    if (segments.empty()) return std::nullopt;
    std::string part;
    for (const auto s : segments) part += (part.empty() ? "" : "/") + std::string(s);
    return part;
}

// --- xl/sharedStrings.xml ------------------------------------------------------------------------

/// Each <si>: the text of its <t>, or of the <t> of its rich-text runs <r> joined; phonetic runs
/// (<rPh>) are a reading aid, not the text.
class shared_strings_reader final : public xml_handler {
public:
    shared_strings_reader(std::string where, item_count& items) : where_(std::move(where)), items_(items) {}
    std::vector<std::string> strings;

    void start(const element_path& ancestors, std::string_view name, const XML_Char**) override {
        if (name == "si" && under(ancestors, {"sst"})) {
            items_.add(where_);
            current_.clear();
        } else if (name == "t" && (under(ancestors, {"sst", "si"}) || under(ancestors, {"sst", "si", "r"}))) {
            in_text_ = true;
            run_.clear();
        }
    }
    void end(const element_path& ancestors, std::string_view name) override {
        if (name == "t" && in_text_) {
            in_text_ = false;
            current_ += xlsx::unescape_text(run_);
        } else if (name == "si" && under(ancestors, {"sst"})) {
            strings.push_back(std::move(current_));
            current_.clear();
        }
    }
    void text(std::string_view data) override {
        if (in_text_) run_ += data;
    }

private:
    std::string where_;
    item_count& items_;
    std::string current_, run_;
    bool in_text_ = false;
};

// --- the worksheet -------------------------------------------------------------------------------

struct cell_entry {
    std::uint32_t row = 0;
    std::uint32_t column = 0;
    std::string text;
};

/// The cells of <sheetData> with a value, as text. A cell without a reference follows the previous
/// one in its row; a row without a number follows the previous row.
class worksheet_reader final : public xml_handler {
public:
    worksheet_reader(const std::string& source, const std::vector<std::string>& strings, item_count& items)
        : source_(source), strings_(strings), items_(items) {}
    std::vector<cell_entry> cells;

    void start(const element_path& ancestors, std::string_view name, const XML_Char** attributes) override {
        if (name == "row" && under(ancestors, {"worksheet", "sheetData"})) {
            start_row(attribute(attributes, "r"));
        } else if (name == "c" && under(ancestors, {"sheetData", "row"})) {
            start_cell(attribute(attributes, "r"), attribute(attributes, "t"));
        } else if (name == "v" && under(ancestors, {"row", "c"})) {
            collecting_ = collect::value;
        } else if (name == "t" && (under(ancestors, {"c", "is"}) || under(ancestors, {"c", "is", "r"}))) {
            collecting_ = collect::inline_run;
            run_.clear();
        }
    }
    void end(const element_path& ancestors, std::string_view name) override {
        if (name == "v" && collecting_ == collect::value) {
            collecting_ = collect::nothing;
        } else if (name == "t" && collecting_ == collect::inline_run) {
            collecting_ = collect::nothing;
            inline_text_ += xlsx::unescape_text(run_);
            has_inline_ = true;
        } else if (name == "c" && under(ancestors, {"sheetData", "row"})) {
            finish_cell();
        }
    }
    void text(std::string_view data) override {
        if (collecting_ == collect::value) value_ += data;
        else if (collecting_ == collect::inline_run) run_ += data;
    }

private:
    enum class collect { nothing, value, inline_run };

    std::string at_cell() const { return source_ + ":" + std::to_string(cell_.row) + ": cell " + reference_; }

    [[noreturn]] void bad_cell(const std::string& rule, const std::string& seen = {}) const {
        throw invalid_input("adva.excel.cell", at_cell(), rule, seen);
    }

    void start_row(const XML_Char* number) {
        std::uint32_t row = row_ + 1;
        if (number) {
            const std::string_view text(number);
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), row);
            if (ec != std::errc() || end != text.data() + text.size()) row = 0;
        }
        if (row == 0 || row > xlsx::max_rows)
            throw invalid_input("adva.excel.cell", source_ + ": row " + (number ? detail::quoted(number) : std::to_string(row)),
                                "a row number outside 1 to " + std::to_string(xlsx::max_rows));
        row_ = row;
        next_column_ = 1;
    }

    void start_cell(const XML_Char* reference, const XML_Char* type) {
        if (reference) {
            reference_ = reference;
            const auto at = xlsx::parse_cell_reference(reference_);
            if (!at) {
                cell_ = {row_, 0};
                bad_cell("not a cell reference within A1:XFD1048576", detail::quoted(reference_));
            }
            cell_ = *at;
            if (cell_.row != row_) bad_cell("the cell is in row " + std::to_string(row_) + ", not in the row its reference names");
        } else {
            cell_ = {row_, next_column_};
            reference_ = xlsx::cell_reference(cell_.row, std::min(cell_.column, xlsx::max_columns));
            if (cell_.column > xlsx::max_columns) bad_cell("a cell right of column XFD, the last of a worksheet");
        }
        next_column_ = cell_.column + 1;
        type_ = type ? type : "n";
        value_.clear();
        inline_text_.clear();
        has_inline_ = false;
    }

    void finish_cell() {
        std::string text;
        if (type_ == "s") {
            const std::string index_text = trimmed(value_);
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
            if (index_text.empty() || ec != std::errc() || end != index_text.data() + index_text.size())
                bad_cell("a shared-string cell without the number of its string", detail::quoted(value_));
            if (index >= strings_.size())
                bad_cell("refers to shared string " + std::to_string(index) + "; the workbook has " +
                         std::to_string(strings_.size()));
            text = strings_[index];
        } else if (type_ == "inlineStr") {
            text = has_inline_ ? inline_text_ : xlsx::unescape_text(value_);
        } else if (type_ == "str") {  // the text a formula gave
            text = xlsx::unescape_text(value_);
        } else if (type_ == "n") {
            const std::string number = trimmed(value_);
            if (!number.empty()) {
                double v = 0;
                const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
                if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(v))
                    bad_cell("a number cell whose value is not a number", detail::quoted(number));
                text = detail::number_text(v);
            }
        } else if (type_ == "b") {
            const std::string flag = trimmed(value_);
            if (flag == "1") text = "true";
            else if (flag == "0") text = "false";
            else if (!flag.empty()) bad_cell("a boolean cell is 0 or 1", detail::quoted(flag));
        } else if (type_ == "e" || type_ == "d") {  // an error as Excel shows it (#N/A), a date as written
            text = trimmed(value_);
        } else {
            bad_cell("an unknown cell type (known: s, str, inlineStr, n, b, e, d)", detail::quoted(type_));
        }
        if (text.empty()) return;  // no value: as if the cell were not there
        if (cell_.column > max_sheet_columns)
            throw limit_exceeded("adva.limits.sheet_columns", source_ + ":" + std::to_string(cell_.row),
                                 "a sheet has at most " + std::to_string(max_sheet_columns) + " columns",
                                 "a value in cell " + reference_);
        items_.add(at_cell());
        text_bytes_ += text.size();
        if (text_bytes_ > max_sheet_bytes)
            throw limit_exceeded("adva.limits.input_size", at_cell(),
                                 "the cells of a scoring sheet hold at most " + std::to_string(max_sheet_bytes) +
                                     " bytes of text together (a shared string counts wherever it is used)");
        cells.push_back({cell_.row, cell_.column, std::move(text)});
    }

    const std::string& source_;
    const std::vector<std::string>& strings_;
    item_count& items_;
    std::uint32_t row_ = 0, next_column_ = 1;
    xlsx::cell_position cell_;
    std::string reference_, type_, value_, run_, inline_text_;
    bool has_inline_ = false;
    collect collecting_ = collect::nothing;
    std::size_t text_bytes_ = 0;
};

/// The cells as the rows of a table: rows with a value only, each as wide as the header (the first
/// of them), numbered as in the sheet.
sheet_table as_table(std::vector<cell_entry> cells, const std::string& source) {
    std::sort(cells.begin(), cells.end(),
              [](const cell_entry& a, const cell_entry& b) { return std::tie(a.row, a.column) < std::tie(b.row, b.column); });
    sheet_table table;
    table.source = source;
    if (cells.empty()) return table;
    std::size_t rows = 0;
    std::uint32_t width = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const bool new_row = i == 0 || cells[i].row != cells[i - 1].row;
        if (!new_row && cells[i].column == cells[i - 1].column)
            throw invalid_input("adva.excel.cell", source + ":" + std::to_string(cells[i].row) + ": cell " +
                                                       xlsx::cell_reference(cells[i].row, cells[i].column),
                                "the cell is given twice");
        rows += new_row;
        if (cells[i].row == cells.front().row) width = cells[i].column;
    }
    if (rows > max_sheet_cells / width)
        throw limit_exceeded("adva.limits.sheet_cells", source,
                             "a scoring workbook has at most " + std::to_string(max_sheet_cells) +
                                 " cells (rows x columns of the sheet read, and shared strings, sheets and relationships)",
                             std::to_string(rows) + " rows of " + std::to_string(width) + " columns");
    table.rows.reserve(rows);
    table.lines.reserve(rows);
    for (auto& cell : cells) {
        if (table.lines.empty() || table.lines.back() != cell.row) {
            table.rows.emplace_back(width);
            table.lines.push_back(cell.row);
        }
        if (cell.column > width)
            throw invalid_input("adva.scoresheet.columns", source + ":" + std::to_string(cell.row),
                                "a value right of the last column the header names (row " + std::to_string(cells.front().row) +
                                    " names the columns)",
                                "cell " + xlsx::cell_reference(cell.row, cell.column) + ": " + detail::quoted(cell.text));
        table.rows.back()[cell.column - 1] = std::move(cell.text);
    }
    return table;
}

}  // namespace

sheet_table parse_xlsx(std::string_view bytes, const std::string& source) {
    package workbook(bytes, source);
    item_count items;
    const auto where = [&](const std::string& part) { return source + ": " + part; };

    const std::string workbook_part = "xl/workbook.xml", relationships_part = "xl/_rels/workbook.xml.rels";
    workbook_reader sheets(where(workbook_part), items);
    parse_xml(workbook.required_part(workbook_part), where(workbook_part), sheets);
    relationships_reader links(where(relationships_part), items);
    parse_xml(workbook.required_part(relationships_part), where(relationships_part), links);

    if (sheets.sheets.empty()) not_a_workbook(source, "the workbook has no sheet");
    const sheet_entry* chosen = nullptr;
    for (const auto& s : sheets.sheets)
        if (!chosen && same_ascii_letters(s.name, scoresheet_name)) chosen = &s;
    if (!chosen && sheets.sheets.size() == 1) chosen = &sheets.sheets.front();
    if (!chosen) {
        std::string names;
        for (const auto& s : sheets.sheets) names += (names.empty() ? "" : ", ") + detail::quoted(s.name);
        throw invalid_input("adva.excel.missing_sheet", source,
                            "a scoring workbook has a sheet named \"scoresheet\", or only one sheet", names);
    }
    const auto link = std::find_if(links.relationships.begin(), links.relationships.end(),
                                   [&](const relationship& r) { return r.id == chosen->relationship; });
    if (link == links.relationships.end())
        not_a_workbook(source, "sheet " + detail::quoted(chosen->name) + " has no part (no relationship with its id)",
                       detail::quoted(chosen->relationship));
    const std::string_view worksheet_type = "/worksheet";
    if (link->type.size() < worksheet_type.size() ||
        link->type.compare(link->type.size() - worksheet_type.size(), worksheet_type.size(), worksheet_type) != 0)
        not_a_workbook(source, "sheet " + detail::quoted(chosen->name) + " is not a worksheet (a chart sheet?)",
                       detail::quoted(link->type));
    const auto sheet_part = link->external ? std::nullopt : part_of(link->target);
    if (!sheet_part)
        not_a_workbook(source, "sheet " + detail::quoted(chosen->name) + " points outside the workbook", detail::quoted(link->target));

    std::vector<std::string> strings;
    if (const relationship* shared = links.by_type("/sharedStrings")) {
        const auto part = shared->external ? std::nullopt : part_of(shared->target);
        if (!part) not_a_workbook(source, "the shared strings point outside the workbook", detail::quoted(shared->target));
        shared_strings_reader reader(where(*part), items);
        parse_xml(workbook.required_part(*part), where(*part), reader);
        strings = std::move(reader.strings);
    }
    worksheet_reader cells(source, strings, items);
    parse_xml(workbook.required_part(*sheet_part), where(*sheet_part), cells);
    return as_table(std::move(cells.cells), source);
}

sheet_table read_xlsx_sheet(const std::string& path) {
    const std::string bytes = read_binary_source(path, max_sheet_bytes, "scoring sheet");
    return parse_xlsx(bytes, path == "-" ? std::string("<stdin>") : path);
}

}  // namespace adva::io
