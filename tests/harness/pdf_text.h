// What a PDF says, for tests of generated documents: poppler-utils' tools run on its bytes.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace casebridge::testing {

// Runs `tool` on the PDF `bytes` (written to a temporary file, kept when CASEBRIDGE_KEEP_PDF is
// set) and returns what it printed.
inline std::string RunOnPdf(const std::string& bytes, const std::string& tool) {
  char path[] = "/tmp/casebridge-pdf-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path, std::ios::binary) << bytes;
  std::string out;
  if (FILE* p = popen((tool + " '" + path + "' - 2>&1").c_str(), "r")) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
    pclose(p);
  }
  if (std::getenv("CASEBRIDGE_KEEP_PDF") == nullptr) std::remove(path);
  return out;
}

// The PDF's text (pdftotext) without any whitespace, so wrapped table cells read as one string.
inline std::string PdfText(const std::string& pdf) {
  std::string text;
  for (char c : RunOnPdf(pdf, "pdftotext")) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\f' && c != '\t') text += c;
  }
  return text;
}

}  // namespace casebridge::testing
