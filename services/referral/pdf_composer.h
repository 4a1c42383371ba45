// Composes an A4 PDF of Chinese text (titles, paragraphs, labelled fields, ruled tables) with
// pango and cairo, breaking pages as the content flows.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casebridge::referral {

// Blocks are laid out top to bottom in the order they are added; text wraps at the margins and a
// block that does not fit continues on a new page (a table repeats its header row there). Fonts are
// Debian's Noto CJK (fonts-noto-cjk); pango falls back to any font with the glyphs if it is absent.
// Not thread-safe; one composer per document.
class PdfComposer {
 public:
  // `title` also goes into the PDF's metadata.
  explicit PdfComposer(std::string_view title);
  ~PdfComposer();
  PdfComposer(const PdfComposer&) = delete;
  PdfComposer& operator=(const PdfComposer&) = delete;

  // The document's title, large and centred.
  void Title(std::string_view text);
  // A centred line under the title, e.g. the document number 通市监移〔2026〕3号.
  void Centered(std::string_view text);
  // A section heading.
  void Heading(std::string_view text);
  // A paragraph of body text.
  void Paragraph(std::string_view text);
  // Label–value lines, the labels in a column of their own.
  void Fields(const std::vector<std::pair<std::string, std::string>>& fields);
  // A ruled table; `widths` are the columns' shares of the text width (any positive numbers).
  void Table(const std::vector<std::string>& headers, const std::vector<double>& widths,
             const std::vector<std::vector<std::string>>& rows);
  // A labelled document digest: the label on one line, the hexadecimal digest on the next in a
  // small fixed-width font that keeps all 64 characters on one line (for reading and for copying).
  void Digest(std::string_view label, std::string_view hex);
  // Lines aligned to the right margin, e.g. the issuing organisation and the date.
  void Signature(const std::vector<std::string>& lines);
  // Vertical space, in points.
  void Space(double points);

  // Ends the document and returns the PDF's bytes. Call once; the composer is spent afterwards.
  std::string Finish();

 private:
  struct Surface;
  std::unique_ptr<Surface> surface_;
};

}  // namespace casebridge::referral
