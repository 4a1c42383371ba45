#include "services/referral/pdf_composer.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace casebridge::referral {
namespace {

// A4 in points, with margins near those of GB/T 9704 official documents (37 mm top, 28 mm sides).
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMarginTop = 96;
constexpr double kMarginSide = 72;
constexpr double kMarginBottom = 80;
constexpr double kTextWidth = kPageWidth - 2 * kMarginSide;
constexpr double kCellPadding = 4;
constexpr double kLabelShare = 0.28;  // of the text width, for Fields

constexpr char kSerif[] = "Noto Serif CJK SC";
constexpr char kSans[] = "Noto Sans CJK SC";

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct FontSpec {
  const char* family;
  double size;
  PangoWeight weight;
};

constexpr FontSpec kTitleFont{kSerif, 20, PANGO_WEIGHT_BOLD};
constexpr FontSpec kHeadingFont{kSans, 12.5, PANGO_WEIGHT_BOLD};
constexpr FontSpec kBodyFont{kSerif, 11, PANGO_WEIGHT_NORMAL};
constexpr FontSpec kTableFont{kSans, 9, PANGO_WEIGHT_NORMAL};
constexpr FontSpec kTableHeaderFont{kSans, 9, PANGO_WEIGHT_BOLD};
constexpr FontSpec kDigestFont{"Noto Sans Mono CJK SC", 8.5, PANGO_WEIGHT_NORMAL};
constexpr FontSpec kFooterFont{kSans, 8, PANGO_WEIGHT_NORMAL};

double Points(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }

}  // namespace

struct PdfComposer::Surface {
  std::string bytes;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  double y = kMarginTop;
  int page = 1;
  bool finished = false;

  // A layout of `text` in `font`, wrapped at `width` points and aligned as asked.
  PangoLayout* Layout(std::string_view text, const FontSpec& font, double width,
                      PangoAlignment align = PANGO_ALIGN_LEFT) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* description = pango_font_description_new();
    pango_font_description_set_family(description, font.family);
    pango_font_description_set_absolute_size(description, font.size * PANGO_SCALE);
    pango_font_description_set_weight(description, font.weight);
    pango_layout_set_font_description(layout, description);
    pango_font_description_free(description);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align);
    pango_layout_set_spacing(layout, static_cast<int>(font.size * 0.35 * PANGO_SCALE));
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    return layout;
  }

  double Height(PangoLayout* layout) {
    int width = 0;
    int height = 0;
    pango_layout_get_size(layout, &width, &height);
    return Points(height);
  }

  void Footer() {
    PangoLayout* layout =
        Layout("第 " + std::to_string(page) + " 页", kFooterFont, kTextWidth, PANGO_ALIGN_CENTER);
    cairo_move_to(cr, kMarginSide, kPageHeight - kMarginBottom / 2);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
  }

  void NewPage() {
    Footer();
    cairo_show_page(cr);
    ++page;
    y = kMarginTop;
  }

  // Draws `layout` at `x` from the current line, line by line, so long text continues on the next
  // page instead of running off the bottom.
  void Flow(PangoLayout* layout, double x) {
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    double consumed = 0;  // layout height already placed on earlier pages
    bool more = true;
    while (more) {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      const double top = Points(logical.y) - consumed;
      const double bottom = top + Points(logical.height);
      if (y + bottom > kPageHeight - kMarginBottom && y + top > kMarginTop) {
        consumed += top;
        NewPage();
        continue;  // the same line, placed at the top of the new page
      }
      const double baseline = Points(pango_layout_iter_get_baseline(iter)) - consumed;
      cairo_move_to(cr, x + Points(logical.x), y + baseline);  // alignment offset
      pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(iter));
      more = pango_layout_iter_next_line(iter);
    }
    pango_layout_iter_free(iter);
    y += Height(layout) - consumed;
  }

  void Block(std::string_view text, const FontSpec& font, PangoAlignment align, double after) {
    PangoLayout* layout = Layout(text, font, kTextWidth, align);
    Flow(layout, kMarginSide);
    g_object_unref(layout);
    y += after;
  }

  // One ruled table row. A row that does not fit goes to a new page, with `header` (if given)
  // repeated above it there.
  void Row(const std::vector<std::string>& cells, const std::vector<double>& widths,
           const FontSpec& font, const std::vector<std::string>* header) {
    std::vector<PangoLayout*> layouts;
    double height = 0;
    for (size_t i = 0; i < widths.size(); ++i) {
      const std::string& text = i < cells.size() ? cells[i] : std::string();
      layouts.push_back(Layout(text, font, widths[i] - 2 * kCellPadding));
      height = std::max(height, Height(layouts.back()));
    }
    height += 2 * kCellPadding;
    if (y + height > kPageHeight - kMarginBottom && y > kMarginTop) {
      NewPage();
      if (header != nullptr) Row(*header, widths, kTableHeaderFont, nullptr);
    }
    double x = kMarginSide;
    cairo_set_line_width(cr, 0.6);
    for (size_t i = 0; i < widths.size(); ++i) {
      cairo_rectangle(cr, x, y, widths[i], height);
      cairo_stroke(cr);
      cairo_move_to(cr, x + kCellPadding, y + kCellPadding);
      pango_cairo_show_layout(cr, layouts[i]);
      g_object_unref(layouts[i]);
      x += widths[i];
    }
    y += height;
  }
};

PdfComposer::PdfComposer(std::string_view title) : surface_(std::make_unique<Surface>()) {
  Surface& s = *surface_;
  s.surface = cairo_pdf_surface_create_for_stream(AppendBytes, &s.bytes, kPageWidth, kPageHeight);
  std::string title_text(title);
  cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_TITLE, title_text.c_str());
  cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_CREATOR, "CaseBridge");
  s.cr = cairo_create(s.surface);
  if (cairo_status(s.cr) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot create the PDF surface");
  }
  cairo_set_source_rgb(s.cr, 0, 0, 0);
}

PdfComposer::~PdfComposer() {
  if (surface_->cr != nullptr) cairo_destroy(surface_->cr);
  if (surface_->surface != nullptr) cairo_surface_destroy(surface_->surface);
}

void PdfComposer::Title(std::string_view text) {
  surface_->Block(text, kTitleFont, PANGO_ALIGN_CENTER, 10);
}

void PdfComposer::Centered(std::string_view text) {
  surface_->Block(text, kBodyFont, PANGO_ALIGN_CENTER, 14);
}

void PdfComposer::Heading(std::string_view text) {
  surface_->y += 6;
  surface_->Block(text, kHeadingFont, PANGO_ALIGN_LEFT, 6);
}

void PdfComposer::Paragraph(std::string_view text) {
  surface_->Block(text, kBodyFont, PANGO_ALIGN_LEFT, 8);
}

void PdfComposer::Fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  Surface& s = *surface_;
  const double label_width = kTextWidth * kLabelShare;
  for (const auto& [label, value] : fields) {
    PangoLayout* label_layout = s.Layout(label + "：", kBodyFont, label_width - 6);
    PangoLayout* value_layout = s.Layout(value, kBodyFont, kTextWidth - label_width);
    const double label_height = s.Height(label_layout);
    if (s.y + label_height > kPageHeight - kMarginBottom) s.NewPage();
    cairo_move_to(s.cr, kMarginSide, s.y);
    pango_cairo_show_layout(s.cr, label_layout);
    s.Flow(value_layout, kMarginSide + label_width);
    g_object_unref(label_layout);
    g_object_unref(value_layout);
    s.y += 4;
  }
  s.y += 4;
}

void PdfComposer::Table(const std::vector<std::string>& headers, const std::vector<double>& widths,
                        const std::vector<std::vector<std::string>>& rows) {
  Surface& s = *surface_;
  const double total = std::accumulate(widths.begin(), widths.end(), 0.0);
  if (widths.empty() || total <= 0) throw std::invalid_argument("a table needs column widths");
  std::vector<double> points;
  for (double w : widths) points.push_back(kTextWidth * w / total);
  s.Row(headers, points, kTableHeaderFont, nullptr);
  for (const auto& row : rows) s.Row(row, points, kTableFont, &headers);
  s.y += 10;
}

void PdfComposer::Digest(std::string_view label, std::string_view hex) {
  surface_->Block(label, kBodyFont, PANGO_ALIGN_LEFT, 1);
  surface_->Block(hex, kDigestFont, PANGO_ALIGN_LEFT, 6);
}

void PdfComposer::Signature(const std::vector<std::string>& lines) {
  surface_->y += 18;
  for (const auto& line : lines) surface_->Block(line, kBodyFont, PANGO_ALIGN_RIGHT, 2);
}

void PdfComposer::Space(double points) { surface_->y += points; }

std::string PdfComposer::Finish() {
  Surface& s = *surface_;
  if (s.finished) throw std::logic_error("PdfComposer::Finish called twice");
  s.finished = true;
  s.Footer();
  cairo_show_page(s.cr);
  cairo_destroy(s.cr);
  s.cr = nullptr;
  cairo_surface_finish(s.surface);
  const cairo_status_t status = cairo_surface_status(s.surface);
  cairo_surface_destroy(s.surface);
  s.surface = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PDF rendering failed: ") +
                             cairo_status_to_string(status));
  }
  return std::move(s.bytes);
}

}  // namespace casebridge::referral
