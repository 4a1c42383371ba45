// The normalised party keys of a case that the repository stores as search columns.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/intake/case_validation.h"
#include "services/law/identifier_text.h"
#include "services/law/resident_id.h"

namespace casebridge::intake {
namespace {

bool IsKeyCharacter(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

// Half-width, upper-case, and only 0-9 and A-Z kept (spaces, hyphens, brackets dropped).
std::string KeyForm(std::string_view text) {
  std::string key = law::ToAsciiUpper(law::ToHalfWidth(text));
  key.erase(std::remove_if(key.begin(), key.end(), [](char c) { return !IsKeyCharacter(c); }),
            key.end());
  return key;
}

void AddUnique(std::vector<std::string>& list, std::string item) {
  if (item.empty() || std::find(list.begin(), list.end(), item) != list.end()) return;
  list.push_back(std::move(item));
}

// Appends a name half-width and trimmed; control characters (which validation refuses anyway)
// become spaces so that '\n' only ever separates names.
void AddName(std::string& text, std::string_view name) {
  std::string half_width = law::ToHalfWidth(name);
  for (char& c : half_width) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  const std::string_view trimmed = law::TrimAsciiWhitespace(half_width);
  if (trimmed.empty()) return;
  if (!text.empty()) text += '\n';
  text += trimmed;
}

}  // namespace

std::string NormalisedCreditCode(std::string_view code) { return KeyForm(code); }

std::string NormalisedIdNumber(v1::NaturalPersonParty::IdDocumentType type,
                               std::string_view id_number) {
  std::string key = KeyForm(id_number);
  if (type == v1::NaturalPersonParty::ID_DOCUMENT_TYPE_RESIDENT_IDENTITY_CARD && key.size() == 15) {
    if (std::optional<std::string> converted = law::ConvertLegacyResidentId(key)) {
      return *converted;
    }
  }
  return key;
}

std::vector<std::string> PartyCreditCodes(const v1::CaseFile& c) {
  std::vector<std::string> codes;
  for (const v1::Party& party : c.parties()) {
    if (party.has_organisation()) {
      AddUnique(codes, NormalisedCreditCode(party.organisation().unified_social_credit_code()));
    }
  }
  return codes;
}

std::vector<std::string> PartyIdNumbers(const v1::CaseFile& c) {
  std::vector<std::string> numbers;
  for (const v1::Party& party : c.parties()) {
    if (party.has_natural_person()) {
      const v1::NaturalPersonParty& person = party.natural_person();
      AddUnique(numbers, NormalisedIdNumber(person.id_document_type(), person.id_number()));
    } else if (party.has_organisation()) {
      AddUnique(numbers,
                NormalisedIdNumber(v1::NaturalPersonParty::ID_DOCUMENT_TYPE_RESIDENT_IDENTITY_CARD,
                                   party.organisation().legal_representative_id_number()));
    }
  }
  return numbers;
}

std::string PartyNamesText(const v1::CaseFile& c) {
  std::string text;
  for (const v1::Party& party : c.parties()) {
    if (party.has_organisation()) {
      AddName(text, party.organisation().registered_name());
    } else if (party.has_natural_person()) {
      AddName(text, party.natural_person().full_name());
    }
  }
  return text;
}

}  // namespace casebridge::intake
