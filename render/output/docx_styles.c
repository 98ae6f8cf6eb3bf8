/* docx_styles.c — the fixed parts of the Word file, written by hand (no
 * template copied): the styles of the house style with the official
 * Windows font names as East Asian fonts (an office machine then uses its
 * installed 仿宋_GB2312 …), A4 with the margins that leave the 156 × 225 mm
 * type area (上 37 mm, 左 28 mm), a grid of 22 lines × 28 characters, and
 * the page numbers "— N —" in 4号宋体, odd pages right, even pages left. */
#include "output/docx.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define PKG_RELS "http://schemas.openxmlformats.org/package/2006/relationships"
#define DOC_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml"

void docx_content_types(strbuf *b, int draft)
{
    sb_add(b, XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
              "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
              "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
              "<Override PartName=\"/word/document.xml\" ContentType=\"" DOC_TYPE ".document.main+xml\"/>"
              "<Override PartName=\"/word/styles.xml\" ContentType=\"" DOC_TYPE ".styles+xml\"/>"
              "<Override PartName=\"/word/settings.xml\" ContentType=\"" DOC_TYPE ".settings+xml\"/>"
              "<Override PartName=\"/word/footer1.xml\" ContentType=\"" DOC_TYPE ".footer+xml\"/>"
              "<Override PartName=\"/word/footer2.xml\" ContentType=\"" DOC_TYPE ".footer+xml\"/>");
    if (draft)
        sb_add(b, "<Override PartName=\"/word/header1.xml\" ContentType=\"" DOC_TYPE ".header+xml\"/>");
    sb_add(b, "</Types>");
}

void docx_package_rels(strbuf *b)
{
    sb_add(b, XML_DECL "<Relationships xmlns=\"" PKG_RELS "\">"
              "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
              "</Relationships>");
}

void docx_document_rels(strbuf *b, int draft)
{
    sb_add(b, XML_DECL "<Relationships xmlns=\"" PKG_RELS "\">"
              "<Relationship Id=\"rId1\" Type=\"" R_NS "/styles\" Target=\"styles.xml\"/>"
              "<Relationship Id=\"rId2\" Type=\"" R_NS "/settings\" Target=\"settings.xml\"/>"
              "<Relationship Id=\"rId3\" Type=\"" R_NS "/footer\" Target=\"footer1.xml\"/>"
              "<Relationship Id=\"rId4\" Type=\"" R_NS "/footer\" Target=\"footer2.xml\"/>");
    if (draft)
        sb_add(b, "<Relationship Id=\"rId5\" Type=\"" R_NS "/header\" Target=\"header1.xml\"/>");
    sb_add(b, "</Relationships>");
}

/* A paragraph style: its font (also the East Asian one), size in half
 * points, bold, first-line indent in hundredths of a character, jc. */
static void pstyle(strbuf *b, const char *id, const char *name, const char *font, int half_pt,
                   int bold, int indent, const char *jc, int outline)
{
    sb_printf(b, "<w:style w:type=\"paragraph\" w:styleId=\"%s\"><w:name w:val=\"%s\"/>", id,
              name);
    if (*id != 'N')
        sb_add(b, "<w:basedOn w:val=\"Normal\"/><w:qFormat/>");
    sb_add(b, "<w:pPr>");
    if (outline >= 0)
        sb_add(b, "<w:keepNext/>");
    sb_printf(b, "<w:ind w:firstLineChars=\"%d\" w:firstLine=\"%d\"/><w:jc w:val=\"%s\"/>",
              indent, indent * half_pt / 10, jc);
    if (outline >= 0)
        sb_printf(b, "<w:outlineLvl w:val=\"%d\"/>", outline);
    sb_printf(b, "</w:pPr><w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\" "
                 "w:cs=\"%s\" w:hint=\"eastAsia\"/>%s<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>"
                 "</w:rPr></w:style>",
              font, font, font, font, bold ? "<w:b/><w:bCs/>" : "", half_pt, half_pt);
}

void docx_styles(strbuf *b)
{
    sb_add(b, XML_DECL "<w:styles xmlns:w=\"" W_NS "\">"
              "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\" "
              "w:hAnsi=\"仿宋_GB2312\" w:eastAsia=\"仿宋_GB2312\" w:cs=\"仿宋_GB2312\"/>"
              "<w:spacing w:val=\"-4\"/><w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
              "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>"
              "<w:pPrDefault><w:pPr><w:widowControl/><w:snapToGrid/><w:spacing w:before=\"0\" "
              "w:after=\"0\"/></w:pPr></w:pPrDefault></w:docDefaults>");
    pstyle(b, "Normal", "Normal", "仿宋_GB2312", 32, 0, 200, "both", -1);
    pstyle(b, "Title", "Title", "方正小标宋简体", 44, 0, 0, "center", -1);
    pstyle(b, "Heading1", "heading 1", "黑体", 32, 0, 200, "both", 0);
    pstyle(b, "Heading2", "heading 2", "楷体_GB2312", 32, 0, 200, "both", 1);
    pstyle(b, "Heading3", "heading 3", "仿宋_GB2312", 32, 1, 200, "both", 2);
    pstyle(b, "Heading4", "heading 4", "仿宋_GB2312", 32, 0, 200, "both", 3);
    pstyle(b, "Signature", "Signature", "仿宋_GB2312", 32, 0, 0, "right", -1);
    pstyle(b, "TableText", "Table Text", "仿宋_GB2312", 21, 0, 0, "center", -1);
    pstyle(b, "Footer", "footer", "宋体", 28, 0, 0, "right", -1);
    sb_add(b, "<w:style w:type=\"character\" w:styleId=\"RunIn2\"><w:name w:val=\"Run-in 2\"/>"
              "<w:rPr><w:rFonts w:ascii=\"楷体_GB2312\" w:hAnsi=\"楷体_GB2312\" "
              "w:eastAsia=\"楷体_GB2312\" w:hint=\"eastAsia\"/></w:rPr></w:style>"
              "<w:style w:type=\"character\" w:styleId=\"RunIn3\"><w:name w:val=\"Run-in 3\"/>"
              "<w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
              "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableGrid\"><w:name "
              "w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>"
              "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
              "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
              "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
              "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
              "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
              "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
              "</w:tblBorders><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right "
              "w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style></w:styles>");
}

void docx_settings(strbuf *b)
{
    sb_add(b, XML_DECL "<w:settings xmlns:w=\"" W_NS "\"><w:evenAndOddHeaders/>"
              "<w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl "
              "w:val=\"compressPunctuation\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" "
              "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
              "</w:settings>");
}

void docx_footer(strbuf *b, int odd)
{
    /* 7.5: the number one character in from the outer edge */
    sb_printf(b, XML_DECL "<w:ftr xmlns:w=\"" W_NS "\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>"
                 "<w:jc w:val=\"%s\"/><w:ind w:%s=\"280\"/></w:pPr>"
                 "<w:r><w:t xml:space=\"preserve\">— </w:t></w:r>"
                 "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                 "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
                 "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
                 "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
                 "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>",
              odd ? "right" : "left", odd ? "right" : "left");
}

void docx_draft_header(strbuf *b)
{
    sb_add(b, XML_DECL "<w:hdr xmlns:w=\"" W_NS "\"><w:p><w:pPr><w:jc w:val=\"center\"/>"
              "<w:ind w:firstLine=\"0\"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia=\"黑体\"/>"
              "<w:color w:val=\"A00000\"/></w:rPr><w:t>草稿（未通过校验）</w:t></w:r></w:p></w:hdr>");
}

void docx_section(strbuf *b, int draft)
{
    /* A4 11906 × 16838 twips; 37 / 35 mm above and below, 28 / 26 mm left
     * and right leave 156 × 225 mm; 225 mm / 22 lines = 579 twips a line;
     * 156 mm / 28 characters = 15.79 pt a character: 三号 (16 pt) set 0.2 pt
     * closer (the run spacing of the defaults), which LibreOffice honours
     * as Word does, where a character grid (linesAndChars) it does not */
    sb_add(b, "<w:sectPr>");
    if (draft)
        sb_add(b, "<w:headerReference xmlns:r=\"" R_NS "\" w:type=\"default\" r:id=\"rId5\"/>"
                  "<w:headerReference xmlns:r=\"" R_NS "\" w:type=\"even\" r:id=\"rId5\"/>");
    sb_add(b, "<w:footerReference xmlns:r=\"" R_NS "\" w:type=\"default\" r:id=\"rId3\"/>"
              "<w:footerReference xmlns:r=\"" R_NS "\" w:type=\"even\" r:id=\"rId4\"/>"
              "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
              "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" "
              "w:header=\"851\" w:footer=\"1134\" w:gutter=\"0\"/>"
              "<w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"579\"/></w:sectPr>");
}
