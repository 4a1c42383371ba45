#include "clients/loadgen/case_template.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace casebridge::loadgen {
namespace {

constexpr std::string_view kNumberSuffix = "号";

}  // namespace

CaseTemplate CaseTemplate::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("无法读取案件文件 / cannot read the case file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  v1::CaseFile c;
  const auto status = google::protobuf::util::JsonStringToMessage(text.str(), &c);
  if (!status.ok()) {
    throw std::runtime_error("案件文件格式有误 / " + path +
                             " is not a CaseFile in protobuf JSON: " + status.ToString());
  }
  if (c.case_number().empty()) {
    throw std::runtime_error(path + ": the case needs a case_number to number its copies from");
  }
  return CaseTemplate(std::move(c));
}

CaseTemplate::CaseTemplate(v1::CaseFile c) : case_file_(std::move(c)) {
  number_head_ = case_file_.case_number();
  if (number_head_.ends_with(kNumberSuffix)) {
    number_head_.resize(number_head_.size() - kNumberSuffix.size());
    number_tail_ = kNumberSuffix;
  }
}

v1::CaseFile CaseTemplate::Numbered(std::string_view unique) const {
  v1::CaseFile c;
  NumberInto(unique, &c);
  return c;
}

void CaseTemplate::NumberInto(std::string_view unique, v1::CaseFile* out) const {
  out->CopyFrom(case_file_);
  std::string number = number_head_;
  number += '-';
  number += unique;
  number += number_tail_;
  out->set_case_number(std::move(number));
}

}  // namespace casebridge::loadgen
