#include "services/intake/party_validation.h"

#include <string>
#include <vector>

#include "services/law/credit_code.h"
#include "services/law/identifier_text.h"
#include "services/law/resident_id.h"

namespace casebridge::intake::validation {
namespace {

constexpr std::size_t kMaxPartyIdLength = 63;

constexpr TextRule kRegisteredName{"单位名称", "organisation's registered name", 200, true};
constexpr TextRule kLegalRepresentative{"法定代表人（负责人）", "legal representative", 100, true};
constexpr TextRule kOperator{"经营者", "operator of the individual business", 100, true};
constexpr TextRule kFullName{"姓名", "person's name", 100, true};
constexpr TextRule kAddress{"住所（住址）", "address", 300};
constexpr TextRule kPhone{"联系电话", "phone number", 50};
constexpr TextRule kOtherIdNumber{"证件号码", "document number", 50};

// The error messages of an identifier check joined into one description; "" when it has none.
std::string ErrorText(const std::vector<law::IdentifierProblem>& problems) {
  std::string text;
  for (const law::IdentifierProblem& problem : problems) {
    if (problem.severity != law::ProblemSeverity::kError) continue;
    if (!text.empty()) text += "；";
    text += problem.message;
  }
  return text;
}

void CheckPhone(const std::string& phone, const std::string& path, core::FieldViolations& v) {
  if (!CheckText(phone, kPhone, path, v) || IsBlank(phone)) return;
  if (!IsPlausiblePhone(phone)) {
    v.Add(path,
          "联系电话格式不对，应为手机号码或带区号的固定电话，如 13912345678、0513-85123456 / "
          "this does not look like a phone number: enter a mobile number or a landline with its "
          "area code, e.g. 13912345678 or 0513-85123456");
  }
}

// A 公民身份号码: check digit, date of birth, length; an unknown region is only a warning.
void CheckResidentId(const std::string& id_number, std::chrono::year_month_day today,
                     const std::string& path, core::FieldViolations& v) {
  const law::ResidentIdValidation result = law::ValidateResidentId(id_number, today);
  if (!result.valid) v.Add(path, ErrorText(result.problems));
}

void ValidateOrganisation(const v1::OrganisationParty& org, bool respondent,
                          bool individual_business, std::chrono::year_month_day today,
                          const std::string& path, core::FieldViolations& v) {
  CheckText(org.registered_name(), kRegisteredName, path + ".registered_name", v);

  const std::string code_path = path + ".unified_social_credit_code";
  if (IsBlank(org.unified_social_credit_code())) {
    if (respondent) {
      v.Add(code_path,
            "当事人为单位或个体工商户时须填写统一社会信用代码（见营业执照） / the unified social "
            "credit code (on the business licence) is required for a respondent organisation or "
            "individual business");
    }
  } else {
    const law::CreditCodeValidation result =
        law::ValidateCreditCode(org.unified_social_credit_code());
    if (!result.valid) v.Add(code_path, ErrorText(result.problems));
  }

  // The penalty decision names the respondent's legal representative (or an individual business's
  // operator); for right holders and others it is optional.
  TextRule representative = individual_business ? kOperator : kLegalRepresentative;
  representative.required = respondent;
  CheckText(org.legal_representative(), representative, path + ".legal_representative", v);

  if (!IsBlank(org.legal_representative_id_number())) {
    CheckResidentId(org.legal_representative_id_number(), today,
                    path + ".legal_representative_id_number", v);
  }
  CheckText(org.address(), kAddress, path + ".address", v);
  CheckPhone(org.phone(), path + ".phone", v);
}

// Passports, permits and residence cards: letters and digits, perhaps grouped by spaces or
// hyphens, with a check digit in brackets (e.g. Hong Kong "A123456(7)").
bool IsDocumentNumber(std::string_view number) {
  bool has_alphanumeric = false;
  for (char c : law::ToHalfWidth(number)) {
    const bool alphanumeric =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alphanumeric && c != ' ' && c != '-' && c != '(' && c != ')') return false;
    has_alphanumeric = has_alphanumeric || alphanumeric;
  }
  return has_alphanumeric;
}

void ValidateNaturalPerson(const v1::NaturalPersonParty& person, std::chrono::year_month_day today,
                           const std::string& path, core::FieldViolations& v) {
  CheckText(person.full_name(), kFullName, path + ".full_name", v);

  const auto type = person.id_document_type();
  const bool has_number = !IsBlank(person.id_number());
  const std::string number_path = path + ".id_number";
  if (!v1::NaturalPersonParty::IdDocumentType_IsValid(type)) {
    v.Add(path + ".id_document_type", "未知的证件类型 / unknown type of identity document");
  } else if (type == v1::NaturalPersonParty::ID_DOCUMENT_TYPE_UNSPECIFIED) {
    if (has_number) {
      v.Add(path + ".id_document_type",
            "填写了证件号码，须选择证件类型（如居民身份证、护照） / a document number is entered: "
            "choose the type of document (e.g. resident identity card, passport)");
    }
  } else if (!has_number) {
    v.Add(number_path,
          "已选择证件类型，须填写证件号码（或清除证件类型） / a document type is chosen: enter "
          "the document's number, or clear the type");
  } else if (type == v1::NaturalPersonParty::ID_DOCUMENT_TYPE_RESIDENT_IDENTITY_CARD) {
    CheckResidentId(person.id_number(), today, number_path, v);
  }
  if (has_number && type != v1::NaturalPersonParty::ID_DOCUMENT_TYPE_RESIDENT_IDENTITY_CARD &&
      CheckText(person.id_number(), kOtherIdNumber, number_path, v) &&
      type != v1::NaturalPersonParty::ID_DOCUMENT_TYPE_OTHER &&
      !IsDocumentNumber(person.id_number())) {
    v.Add(number_path,
          "证件号码只能包含字母、数字、空格、连字符或括号 / a document number holds only letters, "
          "digits, spaces, hyphens or brackets");
  }

  CheckText(person.address(), kAddress, path + ".address", v);
  CheckPhone(person.phone(), path + ".phone", v);
}

// One number: [+] digits with spaces, hyphens and brackets, then optionally 转 and an extension.
bool IsPlausibleSingleNumber(std::string_view number) {
  number = law::TrimAsciiWhitespace(number);
  std::string_view extension;
  if (const size_t at = number.find("转"); at != std::string_view::npos) {
    extension = law::TrimAsciiWhitespace(number.substr(at + std::string_view("转").size()));
    number = number.substr(0, at);
    if (extension.empty() || extension.size() > 6 ||
        extension.find_first_not_of("0123456789") != std::string_view::npos) {
      return false;
    }
  }
  if (!number.empty() && number.front() == '+') number.remove_prefix(1);
  std::size_t digits = 0;
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
      return false;
    }
  }
  // 7-8 digit local numbers up to 15 digits (E.164) plus a hyphenated extension of up to 6.
  return digits >= 7 && digits <= 21;
}

}  // namespace

std::size_t CharacterCount(std::string_view text) { return law::SplitUtf8Characters(text).size(); }

bool IsBlank(std::string_view text) {
  return law::TrimAsciiWhitespace(law::ToHalfWidth(text)).empty();
}

bool CheckText(std::string_view text, const TextRule& rule, const std::string& path,
               core::FieldViolations& v) {
  const std::string zh = rule.label_zh;
  const std::string en = rule.label_en;
  if (IsBlank(text)) {
    if (!rule.required) return true;
    v.Add(path, "须填写" + zh + " / the " + en + " is required");
    return false;
  }
  const std::size_t count = CharacterCount(text);
  if (count > rule.max_characters) {
    const std::string max = std::to_string(rule.max_characters);
    v.Add(path, zh + "不能超过 " + max + " 个字，现有 " + std::to_string(count) + " 个 / the " +
                    en + " is at most " + max + " characters, this one has " +
                    std::to_string(count));
    return false;
  }
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool line_break_or_tab = c == '\n' || c == '\r' || c == '\t';
    if ((byte < 0x20 || byte == 0x7F) && (rule.single_line || !line_break_or_tab)) {
      v.Add(path, rule.single_line
                      ? zh + "须为一行文字，不能包含换行、制表符等控制字符 / the " + en +
                            " must be one line, without line breaks, tabs or other control "
                            "characters"
                      : zh + "包含无法保存的控制字符，请删除后重新粘贴 / the " + en +
                            " contains control characters that cannot be stored; please remove "
                            "them and paste the text again");
      return false;
    }
  }
  return true;
}

bool IsValidPartyId(std::string_view party_id) {
  if (party_id.empty() || party_id.size() > kMaxPartyIdLength) return false;
  for (char c : party_id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool IsPlausiblePhone(std::string_view text) {
  std::string normal = law::ToHalfWidth(text);  // full-width digits, '，' and '；' become ASCII
  for (std::size_t at = normal.find("、"); at != std::string::npos; at = normal.find("、", at)) {
    normal.replace(at, std::string_view("、").size(), "/");
  }
  bool any = false;
  std::size_t start = 0;
  while (start <= normal.size()) {
    std::size_t end = normal.find_first_of("/,;", start);
    if (end == std::string::npos) end = normal.size();
    const std::string_view piece = std::string_view(normal).substr(start, end - start);
    if (!law::TrimAsciiWhitespace(piece).empty()) {
      if (!IsPlausibleSingleNumber(piece)) return false;
      any = true;
    }
    start = end + 1;
  }
  return any;
}

void ValidateParty(const v1::Party& party, std::chrono::year_month_day today,
                   const std::string& path, core::FieldViolations& v) {
  if (!party.party_id().empty() && !IsValidPartyId(party.party_id())) {
    v.Add(path + ".party_id",
          "当事人编号只能由字母、数字、下划线或连字符组成，不超过 63 位，如 p1；留空由系统分配 / "
          "the party id is up to 63 letters, digits, underscores or hyphens, e.g. p1; leave it "
          "empty to have one assigned");
  }

  const v1::Party::Kind kind = party.kind();
  const bool organisation_kind =
      kind == v1::Party::KIND_ORGANISATION || kind == v1::Party::KIND_INDIVIDUAL_BUSINESS;
  if (kind == v1::Party::KIND_UNSPECIFIED || !v1::Party::Kind_IsValid(kind)) {
    v.Add(path + ".kind",
          "须选择主体类型：单位、个体工商户或自然人 / choose the kind of party: organisation, "
          "individual business or natural person");
  }
  const v1::Party::Capacity capacity = party.capacity();
  if (capacity == v1::Party::CAPACITY_UNSPECIFIED || !v1::Party::Capacity_IsValid(capacity)) {
    v.Add(path + ".capacity",
          "须选择涉案身份：当事人、权利人或其他涉案单位或人员 / choose the party's capacity: "
          "respondent, right holder or other party involved");
  }
  const bool respondent = capacity == v1::Party::CAPACITY_RESPONDENT;

  if (organisation_kind && party.has_natural_person()) {
    v.Add(path + ".natural_person",
          "主体类型为单位或个体工商户，请填写单位信息而非自然人信息 / the party is an "
          "organisation or individual business: fill in the organisation's particulars, not a "
          "natural person's");
  } else if (kind == v1::Party::KIND_NATURAL_PERSON && party.has_organisation()) {
    v.Add(path + ".organisation",
          "主体类型为自然人，请填写自然人信息而非单位信息 / the party is a natural person: fill in "
          "the person's particulars, not an organisation's");
  } else if (organisation_kind && !party.has_organisation()) {
    v.Add(path + ".organisation",
          "须填写单位名称、统一社会信用代码等单位信息 / the organisation's particulars (name, "
          "credit code, ...) are required");
  } else if (kind == v1::Party::KIND_NATURAL_PERSON && !party.has_natural_person()) {
    v.Add(path + ".natural_person",
          "须填写姓名、证件等自然人信息 / the person's particulars (name, identity document, ...) "
          "are required");
  } else if (party.has_organisation()) {
    ValidateOrganisation(party.organisation(), respondent,
                         kind == v1::Party::KIND_INDIVIDUAL_BUSINESS, today, path + ".organisation",
                         v);
  } else if (party.has_natural_person()) {
    ValidateNaturalPerson(party.natural_person(), today, path + ".natural_person", v);
  }
}

}  // namespace casebridge::intake::validation
