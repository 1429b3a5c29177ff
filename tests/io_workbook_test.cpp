// Scoring sheets as Excel workbooks (adva/io/scoring_sheet.hpp): sheet_to_xlsx() and parse_xlsx()
// round trip; workbooks as openpyxl, Excel and LibreOffice write them are read; hostile workbooks
// are refused with an adva error, never a crash, a hang or unbounded memory. Workbooks are built
// here from their parts with libzip, so each case shows exactly what the file holds.
#include <catch2/catch.hpp>

#include <zip.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "adva/io/model_json.hpp"
#include "adva/io/scoring_sheet.hpp"

using adva::io::parse_xlsx;
using adva::io::sheet_table;
using adva::io::sheet_to_xlsx;

namespace {

using parts = std::vector<std::pair<std::string, std::string>>;

/// A zip archive of `files` (name, content), deflated, as bytes (libzip's in-memory archive).
std::string zip_of(const parts& files) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* memory = zip_source_buffer_create(nullptr, 0, 0, &error);
    REQUIRE(memory);
    zip_source_keep(memory);
    zip_t* archive = zip_open_from_source(memory, ZIP_TRUNCATE, &error);
    REQUIRE(archive);
    for (const auto& [name, content] : files) {
        zip_source_t* data = zip_source_buffer(archive, content.data(), content.size(), 0);
        REQUIRE(data);
        REQUIRE(zip_file_add(archive, name.c_str(), data, ZIP_FL_ENC_UTF_8) >= 0);
    }
    REQUIRE(zip_close(archive) == 0);
    REQUIRE(zip_source_open(memory) == 0);
    REQUIRE(zip_source_seek(memory, 0, SEEK_END) == 0);
    const zip_int64_t size = zip_source_tell(memory);
    REQUIRE(zip_source_seek(memory, 0, SEEK_SET) == 0);
    std::string bytes(std::size_t(size), '\0');
    REQUIRE(zip_source_read(memory, bytes.data(), zip_uint64_t(size)) == size);
    zip_source_close(memory);
    zip_source_free(memory);
    zip_error_fini(&error);
    return bytes;
}

/// `archive` with the size its directory gives for part `name` (local and central headers) set to
/// `size`, whatever the part unpacks to: a zip bomb that lies.
std::string with_claimed_size(std::string archive, const std::string& name, std::uint32_t size) {
    const auto u16 = [&](std::size_t at) { return std::size_t(std::uint8_t(archive[at])) | std::size_t(std::uint8_t(archive[at + 1])) << 8; };
    const auto put32 = [&](std::size_t at, std::uint32_t v) {
        for (int k = 0; k < 4; ++k) archive[at + std::size_t(k)] = char((v >> (8 * k)) & 0xFF);
    };
    int patched = 0;
    // Local header: signature, then the uncompressed size at 22, the name's length at 26, the name at 30.
    for (std::size_t at = archive.find("PK\x03\x04"); at != std::string::npos; at = archive.find("PK\x03\x04", at + 4))
        if (archive.compare(at + 30, name.size(), name) == 0 && u16(at + 26) == name.size()) put32(at + 22, size), ++patched;
    // Central directory: the uncompressed size at 24, the name's length at 28, the name at 46.
    for (std::size_t at = archive.find("PK\x01\x02"); at != std::string::npos; at = archive.find("PK\x01\x02", at + 4))
        if (archive.compare(at + 46, name.size(), name) == 0 && u16(at + 28) == name.size()) put32(at + 24, size), ++patched;
    REQUIRE(patched == 2);
    return archive;
}

/// The content of part `name` of a workbook.
std::string part_of(const std::string& workbook, const std::string& name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(workbook.data(), workbook.size(), 0, &error);
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    REQUIRE(archive);
    zip_file_t* file = zip_fopen(archive, name.c_str(), 0);
    REQUIRE(file);
    std::string text;
    char chunk[4096];
    for (zip_int64_t n; (n = zip_fread(file, chunk, sizeof chunk)) > 0;) text.append(chunk, std::size_t(n));
    zip_fclose(file);
    zip_discard(archive);
    zip_error_fini(&error);
    return text;
}

const std::string main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const std::string relationships_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const std::string worksheet_type = relationships_ns + "/worksheet";
const std::string shared_strings_type = relationships_ns + "/sharedStrings";

std::string workbook_xml(const std::vector<std::string>& sheet_names) {
    std::string sheets;
    for (std::size_t i = 0; i < sheet_names.size(); ++i)
        sheets += "<sheet name=\"" + sheet_names[i] + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"rId" +
                  std::to_string(i + 1) + "\"/>";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"" + main_ns + "\" xmlns:r=\"" +
           relationships_ns + "\"><sheets>" + sheets + "</sheets></workbook>";
}

std::string relationships_xml(std::size_t sheets, const std::string& shared_strings_target = "sharedStrings.xml") {
    std::string rels;
    for (std::size_t i = 0; i < sheets; ++i)
        rels += "<Relationship Id=\"rId" + std::to_string(i + 1) + "\" Type=\"" + worksheet_type + "\" Target=\"worksheets/sheet" +
                std::to_string(i + 1) + ".xml\"/>";
    if (!shared_strings_target.empty())
        rels += "<Relationship Id=\"rId99\" Type=\"" + shared_strings_type + "\" Target=\"" + shared_strings_target + "\"/>";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" + rels + "</Relationships>";
}

std::string worksheet_xml(const std::string& sheet_data) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" + main_ns + "\" xmlns:r=\"" +
           relationships_ns + "\"><sheetData>" + sheet_data + "</sheetData></worksheet>";
}

std::string shared_strings_xml(const std::string& items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"" + main_ns + "\">" + items + "</sst>";
}

/// A workbook of one sheet, "scoresheet", with these rows and shared strings.
std::string one_sheet(const std::string& sheet_data, const std::string& shared_strings = "") {
    return zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})},
                   {"xl/_rels/workbook.xml.rels", relationships_xml(1)},
                   {"xl/sharedStrings.xml", shared_strings_xml(shared_strings)},
                   {"xl/worksheets/sheet1.xml", worksheet_xml(sheet_data)}});
}

/// An adva error of this id whose place contains `where`.
auto error_with(const std::string& id, const std::string& where) {
    return Catch::Predicate<adva::error>(
        [=](const adva::error& e) { return e.id() == id && e.where().find(where) != std::string::npos; },
        "error " + id + " at a place containing " + where);
}

/// An adva error of this id whose message contains `part`.
auto error_saying(const std::string& id, const std::string& part) {
    return Catch::Predicate<adva::error>(
        [=](const adva::error& e) { return e.id() == id && std::string(e.what()).find(part) != std::string::npos; },
        "error " + id + " saying " + part);
}

double number(const std::string& text) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    REQUIRE(ec == std::errc());
    REQUIRE(end == text.data() + text.size());
    return v;
}

}  // namespace

TEST_CASE("a sheet written as a workbook reads back cell for cell, numbers to the same double", "[io][workbook]") {
    sheet_table table;
    table.rows.push_back({"option", "criterion", "value", "low", "rationale", "weight"});
    const std::vector<std::string> numbers = {"0.1", "1e-300", "123456789.123456789", "0.30000000000000004", "-2.5",
                                              "1e+300", "5e-324", "42", "0.1234"};
    const std::vector<std::string> texts = {"=1+1",           "=HYPERLINK(\"http://x\")", "say \"yes\"",  "two\nlines",
                                            "CR\r\nLF",       "\ttab and  spaces ",      " lead",        "Čeština – £ 😀",
                                            "_x0041_ stays", "a\x01" "b",              std::string("nul\0byte", 8), "+44 20 7946",
                                            "no\xEF\xBF\xBE" "character \xEF\xBF\xBF"};
    for (std::size_t i = 0; i < std::max(numbers.size(), texts.size()); ++i)
        table.rows.push_back({"O" + std::to_string(i), "C", numbers[i % numbers.size()], "", texts[i % texts.size()],
                              numbers[(i + 3) % numbers.size()]});
    table.rows.push_back({"ragged", "row"});  // shorter than the header: the rest empty

    const std::string workbook = sheet_to_xlsx(table);
    const sheet_table back = parse_xlsx(workbook, "sheet.xlsx");
    CHECK(back.source == "sheet.xlsx");
    REQUIRE(back.rows.size() == table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        CHECK(back.lines[r] == r + 1);
        REQUIRE(back.rows[r].size() == 6);
        for (std::size_t c = 0; c < 6; ++c) {
            const std::string written = c < table.rows[r].size() ? table.rows[r][c] : "";
            INFO("row " << r + 1 << ", column " << c + 1 << ": " << written);
            const bool number_column = c == 2 || c == 3 || c == 5;
            if (r > 0 && number_column && !written.empty())
                CHECK(number(back.rows[r][c]) == number(written));  // the same double, in its shortest text
            else
                CHECK(back.rows[r][c] == written);
        }
    }
    CHECK(back.rows[3][2] == "123456789.12345679");  // 17 digits: more than libxlsxwriter prints
    CHECK(back.rows[4][2] == "0.30000000000000004");

    // Numbers are numbers, text is text and never a formula; the header is bold and stays in view.
    const std::string sheet = part_of(workbook, "xl/worksheets/sheet1.xml");
    CHECK(sheet.find("<f>") == std::string::npos);
    CHECK(sheet.find("<c r=\"C2\"><v>0.1</v></c>") != std::string::npos);
    CHECK(sheet.find("<c r=\"E2\" t=\"s\">") != std::string::npos);
    CHECK(sheet.find("state=\"frozen\"") != std::string::npos);
    CHECK(sheet.find("<c r=\"A1\" s=\"1\" t=\"s\">") != std::string::npos);
    CHECK(part_of(workbook, "xl/styles.xml").find("<b/>") != std::string::npos);
    CHECK(part_of(workbook, "xl/workbook.xml").find("name=\"scoresheet\"") != std::string::npos);
}

TEST_CASE("the scoring sheet of the default model reads back from its workbook as from its CSV", "[io][workbook]") {
    const auto model = adva::io::default_model();
    const sheet_table sheet = adva::io::scoresheet(model);
    const sheet_table back = parse_xlsx(sheet_to_xlsx(sheet), "sheet.xlsx");
    REQUIRE(back.rows.size() == sheet.rows.size());
    for (std::size_t r = 0; r < sheet.rows.size(); ++r)
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
            const bool weight = c == 10;  // written as "0.0500" (four places), read back as the number 0.05
            if (weight && r > 0) CHECK(number(back.rows[r][c]) == number(sheet.rows[r][c]));
            else CHECK(back.rows[r][c] == sheet.rows[r][c]);
        }
    const auto from_csv = adva::io::read_sheet_scores(model, adva::io::parse_csv(adva::io::sheet_to_csv(sheet), "sheet.csv"));
    const auto from_xlsx = adva::io::read_sheet_scores(model, back);
    REQUIRE(from_xlsx.size() == from_csv.size());
    for (std::size_t i = 0; i < from_csv.size(); ++i) {
        CHECK(from_xlsx[i].value == from_csv[i].value);
        CHECK(from_xlsx[i].scored_by == from_csv[i].scored_by);
    }
}

TEST_CASE("a workbook written by openpyxl is read: inline strings, numbers as Python floats", "[io][workbook]") {
    // tests/data/scoresheet_openpyxl.xlsx, made by openpyxl 3.1:
    //   wb = openpyxl.Workbook(); ws = wb.active; ws.title = "scoresheet"
    //   ws.append(["option", "criterion", "distribution", "value", "low", "high", "sd", "rationale", "scored_by"])
    //   ws.append(["O1", "quality", "point", 62.5, None, None, None, "Ofsted 2024", "Panel"])
    //   ws.append(["O2", "quality", "pert", 70, 0.1, 123456789.12345679, None, "=1+1", None]); ws["H3"].data_type = "s"
    //   ws.append([]); ws.append(["O3", "quality", None, None, None, None, None, "Ünïcödé\nline 2", True])
    //   wb.create_sheet("notes")["A1"] = "a second sheet"; wb.save(path)
    const std::string path = std::string(ADVA_SOURCE_DIR) + "/tests/data/scoresheet_openpyxl.xlsx";
    const sheet_table t = adva::io::read_xlsx_sheet(path);
    CHECK(t.source == path);
    REQUIRE(t.rows.size() == 4);
    CHECK(t.lines == std::vector<std::size_t>{1, 2, 3, 5});  // the empty row 4 is left out
    CHECK(t.rows[0] == std::vector<std::string>{"option", "criterion", "distribution", "value", "low", "high", "sd", "rationale",
                                                "scored_by"});
    CHECK(t.rows[1] == std::vector<std::string>{"O1", "quality", "point", "62.5", "", "", "", "Ofsted 2024", "Panel"});
    // openpyxl prints numbers with 16 digits (as Debian's libxlsxwriter does): 123456789.1234568.
    CHECK(t.rows[2] == std::vector<std::string>{"O2", "quality", "pert", "70", "0.1", "123456789.1234568", "", "=1+1", ""});
    CHECK(t.rows[3] == std::vector<std::string>{"O3", "quality", "", "", "", "", "", "Ünïcödé\nline 2", "true"});
}

TEST_CASE("a workbook as Excel and LibreOffice write it: shared strings, rich text, sparse rows, formulas", "[io][workbook]") {
    const std::string strings = shared_strings_xml(
        "<si><t>option</t></si>"
        "<si><t>criterion</t></si>"
        "<si><t>value</t></si>"
        "<si><t>rationale</t></si>"
        "<si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space=\"preserve\">text </t></r><r><t>runs</t></r></si>"
        "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si>"
        "<si><t>line_x000D_\nend _x005F_x0041_ &amp; &lt;tag&gt;</t></si>"
        "<si><t>O1</t></si>");
    const std::string rows =
        "<row r=\"1\" spans=\"1:4\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"BZ1\" s=\"3\"/></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>quality</t></is></c>"
        "<c r=\"C2\"><v>0.10000000000000001</v></c><c r=\"D2\" t=\"s\"><v>4</v></c></row>"
        "<row r=\"3\"><c r=\"A3\" s=\"2\"/></row>"  // a styled empty cell: no value, no row
        "<row r=\"5\"><c t=\"str\"><f>CONCAT(\"O\",2)</f><v>O2</v></c><c t=\"b\"><v>1</v></c><c><v>1E-300</v></c>"
        "<c t=\"s\"><v>5</v></c></row>"
        "<row><c r=\"A6\" t=\"e\"><v>#N/A</v></c><c r=\"D6\" t=\"s\"><v>6</v></c></row>"
        "<row r=\"1048576\"><c r=\"C1048576\"><v>-0</v></c></row>";
    // Two sheets: the one named scoresheet is read, wherever its part is.
    const std::string workbook = zip_of({{"[Content_Types].xml", "<Types/>"},
                                         {"xl/workbook.xml", workbook_xml({"Notes", "ScoreSheet"})},
                                         {"xl/_rels/workbook.xml.rels", relationships_xml(2, "/xl/sharedStrings.xml")},
                                         {"xl/sharedStrings.xml", strings},
                                         {"xl/worksheets/sheet1.xml", worksheet_xml("<row><c t=\"inlineStr\"><is><t>notes</t></is></c></row>")},
                                         {"xl/worksheets/sheet2.xml", worksheet_xml(rows)}});
    const sheet_table t = parse_xlsx(workbook, "panel.xlsx");
    REQUIRE(t.rows.size() == 5);
    CHECK(t.lines == std::vector<std::size_t>{1, 2, 5, 6, 1048576});
    CHECK(t.rows[0] == std::vector<std::string>{"option", "criterion", "value", "rationale"});
    CHECK(t.rows[1] == std::vector<std::string>{"O1", "quality", "0.1", "Rich text runs"});
    CHECK(t.rows[2] == std::vector<std::string>{"O2", "true", "1e-300", "漢字"});
    CHECK(t.rows[3] == std::vector<std::string>{"#N/A", "", "", "line\r\nend _x0041_ & <tag>"});
    CHECK(t.rows[4] == std::vector<std::string>{"", "", "0", ""});

    // One sheet: read whatever its name; several, none named scoresheet: refused, naming them.
    const std::string only = zip_of({{"xl/workbook.xml", workbook_xml({"Sheet1"})},
                                     {"xl/_rels/workbook.xml.rels", relationships_xml(1, "")},
                                     {"xl/worksheets/sheet1.xml", worksheet_xml("<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>")}});
    CHECK(parse_xlsx(only, "one.xlsx").rows == std::vector<std::vector<std::string>>{{"x"}});
    const std::string several = zip_of({{"xl/workbook.xml", workbook_xml({"Sheet1", "Sheet2"})},
                                        {"xl/_rels/workbook.xml.rels", relationships_xml(2, "")},
                                        {"xl/worksheets/sheet1.xml", worksheet_xml("")},
                                        {"xl/worksheets/sheet2.xml", worksheet_xml("")}});
    REQUIRE_THROWS_MATCHES(parse_xlsx(several, "two.xlsx"), adva::invalid_input,
                           error_saying("adva.excel.missing_sheet", "two.xlsx: a scoring workbook has a sheet named \"scoresheet\""));
    // An empty sheet is an empty table: the importer says the header is missing.
    CHECK(parse_xlsx(one_sheet(""), "empty.xlsx").rows.empty());
}

TEST_CASE("a file that is not a workbook, or a damaged one, is refused naming the file", "[io][workbook][hostile]") {
    const std::string good = one_sheet("<row><c t=\"inlineStr\"><is><t>option</t></is></c></row>");
    REQUIRE(parse_xlsx(good, "good.xlsx").rows.size() == 1);
    const auto not_a_workbook = [](const std::string& bytes, const std::string& part) {
        REQUIRE_THROWS_MATCHES(parse_xlsx(bytes, "bad.xlsx"), adva::invalid_input,
                               error_saying("adva.excel.not_a_workbook", "bad.xlsx: not an Excel workbook (.xlsx) that can be read: " + part));
    };
    not_a_workbook("option,criterion\r\nO1,C1\r\n", "not a zip archive");
    not_a_workbook("", "the file is empty");
    not_a_workbook(std::string("PK\x03\x04", 4) + std::string(100, '\0'), "not a zip archive");
    not_a_workbook(good.substr(0, good.size() / 2), "not a zip archive");  // truncated: the directory is lost
    not_a_workbook(good.substr(0, good.size() - 10), "not a zip archive");

    // The directory intact, the data of a part damaged: its CRC or its deflate stream fails.
    std::string damaged = good;
    const std::size_t data = damaged.find("xl/worksheets/sheet1.xml") + 24;  // after the local header's name
    for (std::size_t i = data + 10; i < data + 30; ++i) damaged[i] = char(damaged[i] ^ 0x5A);
    REQUIRE_THROWS_MATCHES(parse_xlsx(damaged, "bad.xlsx"), adva::invalid_input,
                           error_with("adva.excel.not_a_workbook", "bad.xlsx"));

    // Parts missing.
    not_a_workbook(zip_of({{"hello.txt", "hello"}}), "the part xl/workbook.xml is missing");
    not_a_workbook(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})}}), "the part xl/_rels/workbook.xml.rels is missing");
    not_a_workbook(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})}, {"xl/_rels/workbook.xml.rels", relationships_xml(1, "")}}),
                   "the part xl/worksheets/sheet1.xml is missing");
    not_a_workbook(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})},
                           {"xl/_rels/workbook.xml.rels", relationships_xml(1)},
                           {"xl/worksheets/sheet1.xml", worksheet_xml("")}}),
                   "the part xl/sharedStrings.xml is missing");
    not_a_workbook(zip_of({{"xl/workbook.xml", workbook_xml({})}, {"xl/_rels/workbook.xml.rels", relationships_xml(0, "")}}),
                   "the workbook has no sheet");
    not_a_workbook(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})}, {"xl/_rels/workbook.xml.rels", relationships_xml(0, "")}}),
                   "sheet \"scoresheet\" has no part");
    not_a_workbook(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})},
                           {"xl/_rels/workbook.xml.rels",
                            "<Relationships><Relationship Id=\"rId1\" Type=\"" + worksheet_type +
                                "\" Target=\"../../../etc/passwd\"/></Relationships>"}}),
                   "sheet \"scoresheet\" points outside the workbook");
    not_a_workbook(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})},
                           {"xl/_rels/workbook.xml.rels",
                            "<Relationships><Relationship Id=\"rId1\" Type=\"" + worksheet_type +
                                "\" Target=\"http://example.com/s.xml\" TargetMode=\"External\"/></Relationships>"}}),
                   "sheet \"scoresheet\" points outside the workbook");
    not_a_workbook(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})},
                           {"xl/_rels/workbook.xml.rels",
                            "<Relationships><Relationship Id=\"rId1\" Type=\"" + relationships_ns +
                                "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/></Relationships>"}}),
                   "sheet \"scoresheet\" is not a worksheet");
}

TEST_CASE("a workbook's XML is refused when it is not well-formed UTF-8, has a DOCTYPE or nests too deep", "[io][workbook][hostile]") {
    const auto refused = [](const std::string& bytes, const std::string& where, const std::string& rule) {
        REQUIRE_THROWS_MATCHES(parse_xlsx(bytes, "bad.xlsx"), adva::invalid_input, error_with("adva.excel.xml", where));
        REQUIRE_THROWS_MATCHES(parse_xlsx(bytes, "bad.xlsx"), adva::invalid_input, error_saying("adva.excel.xml", rule));
    };
    const std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                               "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                               "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                               "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>";
    refused(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})},
                    {"xl/_rels/workbook.xml.rels", relationships_xml(1, "")},
                    {"xl/worksheets/sheet1.xml", laughs}}),
            "bad.xlsx: xl/worksheets/sheet1.xml:1:", "a DOCTYPE");
    refused(zip_of({{"xl/workbook.xml", "<!DOCTYPE workbook SYSTEM \"file:///etc/passwd\"><workbook/>"}}),
            "bad.xlsx: xl/workbook.xml:1:", "a DOCTYPE");
    refused(one_sheet("<row><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>"), "bad.xlsx: xl/worksheets/sheet1.xml:2:",
            "undefined entity");
    std::string deep;
    for (int i = 0; i < 100; ++i) deep += "<x>";
    for (int i = 0; i < 100; ++i) deep += "</x>";
    refused(one_sheet(deep), "xl/worksheets/sheet1.xml", "nested deeper than 64 levels");
    refused(one_sheet("", "<si><t>bad \xff\xfe byte</t></si>"), "bad.xlsx: xl/sharedStrings.xml:2:", "not well-formed XML in UTF-8");
    refused(one_sheet("", "<si><t>\xc0\xaf overlong</t></si>"), "xl/sharedStrings.xml", "not well-formed XML");
    refused(one_sheet("<row><c><v>1</v></row>"), "xl/worksheets/sheet1.xml:2:", "mismatched tag");
    refused(zip_of({{"xl/workbook.xml", ""}}), "xl/workbook.xml:1:", "no element found");
    // A declared encoding is not followed: every part is read as UTF-8.
    refused(zip_of({{"xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><workbook><sheets><sheet name=\"caf\xe9\"/>"
                                        "</sheets></workbook>"}}),
            "xl/workbook.xml:1:", "not well-formed XML in UTF-8");
}

TEST_CASE("cells that cannot be read are refused naming the cell", "[io][workbook][hostile]") {
    const auto bad_cell = [](const std::string& rows, const std::string& where, const std::string& rule,
                             const std::string& strings = "<si><t>a</t></si>") {
        REQUIRE_THROWS_MATCHES(parse_xlsx(one_sheet(rows, strings), "bad.xlsx"), adva::invalid_input,
                               error_with("adva.excel.cell", where));
        REQUIRE_THROWS_MATCHES(parse_xlsx(one_sheet(rows, strings), "bad.xlsx"), adva::invalid_input,
                               error_saying("adva.excel.cell", rule));
    };
    bad_cell("<row><c r=\"A1\" t=\"s\"><v>1</v></c></row>", "bad.xlsx:1: cell A1", "refers to shared string 1; the workbook has 1");
    bad_cell("<row><c r=\"A1\" t=\"s\"><v>4294967296999</v></c></row>", "cell A1", "refers to shared string");
    bad_cell("<row><c r=\"A1\" t=\"s\"><v>-1</v></c></row>", "cell A1", "without the number of its string");
    bad_cell("<row><c r=\"B1\"><v>12abc</v></c></row>", "bad.xlsx:1: cell B1", "not a number");
    bad_cell("<row><c r=\"B1\"><v>1e999</v></c></row>", "cell B1", "not a number");
    bad_cell("<row><c r=\"B1\" t=\"b\"><v>yes</v></c></row>", "cell B1", "a boolean cell is 0 or 1");
    bad_cell("<row><c r=\"B1\" t=\"x\"><v>1</v></c></row>", "cell B1", "an unknown cell type");
    bad_cell("<row><c r=\"XFE1\"><v>1</v></c></row>", "cell XFE1", "not a cell reference within A1:XFD1048576");
    bad_cell("<row r=\"1\"><c r=\"A1048577\"><v>1</v></c></row>", "cell A1048577", "not a cell reference");
    bad_cell("<row><c r=\"a1\"><v>1</v></c></row>", "cell a1", "not a cell reference");
    bad_cell("<row><c r=\"A01\"><v>1</v></c></row>", "cell A01", "not a cell reference");
    bad_cell("<row r=\"2\"><c r=\"A3\"><v>1</v></c></row>", "cell A3", "not in the row its reference names");
    bad_cell("<row><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>", "bad.xlsx:1: cell A1", "the cell is given twice");
    bad_cell("<row r=\"1048577\"/>", "row \"1048577\"", "a row number outside 1 to 1048576");
    bad_cell("<row r=\"1048576\"/><row/>", "row 1048577", "a row number outside");
    bad_cell("<row r=\"-3\"/>", "row \"-3\"", "a row number outside");
    std::string far;
    for (int i = 0; i < 16385; ++i) far += "<c/>";
    bad_cell("<row>" + far + "</row>", "bad.xlsx:1: cell XFD1", "right of column XFD");

    // A value right of the header's last column: named by its row, not read into a nameless column.
    REQUIRE_THROWS_MATCHES(parse_xlsx(one_sheet("<row><c t=\"s\"><v>0</v></c></row><row r=\"7\"><c r=\"C7\"><v>3</v></c></row>",
                                                "<si><t>option</t></si>"),
                                      "bad.xlsx"),
                           adva::invalid_input, error_saying("adva.scoresheet.columns", "bad.xlsx:7: a value right of the last column"));
}

TEST_CASE("a workbook is bounded while it is read: zip bombs, far cells, shared strings used many times", "[io][workbook][hostile]") {
    using adva::io::max_sheet_bytes;
    // One part unpacking beyond the bound (64 MiB of spaces deflate to about 64 KiB).
    const std::string bomb = worksheet_xml(std::string(max_sheet_bytes + 1, ' '));
    REQUIRE_THROWS_MATCHES(parse_xlsx(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})},
                                              {"xl/_rels/workbook.xml.rels", relationships_xml(1, "")},
                                              {"xl/worksheets/sheet1.xml", bomb}}),
                                      "bomb.xlsx"),
                           adva::limit_exceeded, error_with("adva.limits.input_size", "bomb.xlsx: xl/worksheets/sheet1.xml"));
    // The directory says 100 bytes: the bound holds while inflating, whatever the directory says.
    REQUIRE_THROWS_MATCHES(parse_xlsx(with_claimed_size(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})},
                                                                {"xl/_rels/workbook.xml.rels", relationships_xml(1, "")},
                                                                {"xl/worksheets/sheet1.xml", bomb}}),
                                                        "xl/worksheets/sheet1.xml", 100),
                                      "bomb.xlsx"),
                           adva::limit_exceeded, error_saying("adva.limits.input_size", "(seen: more than"));
    // Parts each within the bound, together beyond it.
    const std::string half = std::string(max_sheet_bytes / 2 + 1, ' ');
    REQUIRE_THROWS_MATCHES(parse_xlsx(zip_of({{"xl/workbook.xml", workbook_xml({"scoresheet"})},
                                              {"xl/_rels/workbook.xml.rels", relationships_xml(1)},
                                              {"xl/sharedStrings.xml", shared_strings_xml(half)},
                                              {"xl/worksheets/sheet1.xml", worksheet_xml(half)}}),
                                      "bomb.xlsx"),
                           adva::limit_exceeded, error_with("adva.limits.input_size", "bomb.xlsx: xl/worksheets/sheet1.xml"));

    // One shared string of 1 MiB used by 100 cells: 100 MiB of cell text, refused before it is made.
    std::string many;
    for (int i = 0; i < 100; ++i) many += "<row><c t=\"s\"><v>0</v></c></row>";
    REQUIRE_THROWS_MATCHES(parse_xlsx(one_sheet(many, "<si><t>" + std::string(1 << 20, 'x') + "</t></si>"), "big.xlsx"),
                           adva::limit_exceeded, error_with("adva.limits.input_size", "big.xlsx:65: cell A65"));

    // The last cell of a worksheet: one value, no table of a million rows.
    const sheet_table corner = parse_xlsx(one_sheet("<row r=\"1048576\"><c r=\"A1048576\"><v>7</v></c></row>"), "corner.xlsx");
    CHECK(corner.rows == std::vector<std::vector<std::string>>{{"7"}});
    CHECK(corner.lines == std::vector<std::size_t>{1048576});
    REQUIRE_THROWS_MATCHES(parse_xlsx(one_sheet("<row r=\"1048576\"><c r=\"XFD1048576\"><v>7</v></c></row>"), "corner.xlsx"),
                           adva::limit_exceeded, error_with("adva.limits.sheet_columns", "corner.xlsx:1048576"));
    // A styled empty cell far right is no value: ignored.
    CHECK(parse_xlsx(one_sheet("<row><c><v>1</v></c><c r=\"XFD1\" s=\"1\"/></row>"), "wide.xlsx").rows.front().size() == 1);

    // Rows x columns of the table: a 64-column header and 65 537 one-cell rows is more than 2^22 cells.
    std::string header = "<row>";
    for (int c = 0; c < 64; ++c) header += "<c><v>1</v></c>";
    header += "</row>";
    std::string tall;
    tall.reserve(65537 * 26);
    for (int r = 0; r < 65537; ++r) tall += "<row><c><v>1</v></c></row>";
    REQUIRE_THROWS_MATCHES(parse_xlsx(one_sheet(header + tall), "tall.xlsx"), adva::limit_exceeded,
                           error_saying("adva.limits.sheet_cells", "65538 rows of 64 columns"));
}

TEST_CASE("a CSV sheet is bounded in cells too: a file of commas is refused, not held as millions of strings",
          "[io][workbook][hostile]") {
    // 65 537 rows of 64 empty fields: 4 MiB of text, more than 2^22 cells.
    const std::string row = std::string(63, ',') + "\n";
    std::string text;
    text.reserve(row.size() * 65537);
    for (int r = 0; r < 65537; ++r) text += row;
    REQUIRE_THROWS_MATCHES(adva::io::parse_csv(text, "commas.csv"), adva::limit_exceeded,
                           error_with("adva.limits.sheet_cells", "commas.csv:65537"));
    text.resize(row.size() * 65536);  // exactly 2^22 cells: read
    CHECK(adva::io::parse_csv(text, "commas.csv").rows.size() == 65536);
}

TEST_CASE("a workbook is written only with what a worksheet can hold, in UTF-8", "[io][workbook]") {
    sheet_table long_text;
    long_text.rows = {{"option", "rationale"}, {"O1", std::string(32768, 'x')}};
    REQUIRE_THROWS_MATCHES(sheet_to_xlsx(long_text), adva::limit_exceeded,
                           error_with("adva.limits.workbook", "row 2, column \"rationale\""));
    long_text.rows[1][1].resize(32767);
    CHECK(parse_xlsx(sheet_to_xlsx(long_text), "long.xlsx").rows[1][1].size() == 32767);

    sheet_table not_utf8;
    not_utf8.rows = {{"option", "rationale"}, {"O1", "caf\xe9"}};
    REQUIRE_THROWS_MATCHES(sheet_to_xlsx(not_utf8), adva::invalid_input, error_with("adva.excel.cell", "row 2, column \"rationale\""));

    // A number column's cell that is no number stays text.
    sheet_table text_number;
    text_number.rows = {{"value", "sd"}, {"about 40", "n/a"}};
    CHECK(parse_xlsx(sheet_to_xlsx(text_number), "t.xlsx").rows == text_number.rows);
    CHECK(parse_xlsx(sheet_to_xlsx(sheet_table{}), "empty.xlsx").rows.empty());
}

TEST_CASE("read_xlsx_sheet reads a file within the bound; scoresheet_format follows --format, else the extension", "[io][workbook]") {
    REQUIRE_THROWS_MATCHES(adva::io::read_xlsx_sheet("/nonexistent/sheet.xlsx"), adva::invalid_input,
                           error_with("adva.io.read", "/nonexistent/sheet.xlsx"));
    using adva::io::scoresheet_format;
    using adva::io::sheet_format;
    CHECK(scoresheet_format("a.xlsx") == sheet_format::xlsx);
    CHECK(scoresheet_format("A.XLSX") == sheet_format::xlsx);
    CHECK(scoresheet_format("a.csv") == sheet_format::csv);
    CHECK(scoresheet_format("a.xlsx.txt") == sheet_format::csv);
    CHECK(scoresheet_format("-") == sheet_format::csv);
    CHECK(scoresheet_format("a.csv", "xlsx") == sheet_format::xlsx);
    CHECK(scoresheet_format("a.xlsx", "csv") == sheet_format::csv);
    REQUIRE_THROWS_MATCHES(scoresheet_format("a.ods", "ods", "format"), adva::invalid_input,
                           error_with("adva.scoresheet.format", "format"));
}
