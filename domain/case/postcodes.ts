/**
 * The postal codes of the 19 municipalities of the Brussels-Capital Region, which is where a person
 * must live to be eligible (DOMAIN.md, "Eligibility").
 *
 * Sources: the Region's list of its 19 municipalities (be.brussels, "The communes of the Region")
 * for the names in Dutch and French, and bpost's list of Belgian postal codes for the codes.
 *
 * Postal codes and municipal borders do not line up in Brussels. The City of Brussels also covers
 * Laeken (1020), Neder-Over-Heembeek (1120) and Haren (1130), and parts of it (the European quarter
 * around the squares, the Avenue Louise axis down to the Bois de la Cambre) are addressed 1040 and
 * 1050. Those two codes therefore map to two municipalities each.
 *
 * bpost also gives codes to single organisations (1005 United Assembly of the COCOM, 1008 Chamber
 * of Representatives, 1047 European Parliament, 1049 European Commission, 1110 NATO...), and 1099
 * is a sorting centre. Nobody lives at those, so they are deliberately absent: a person's home or
 * reference address is never one of them, and accepting them would hide a typing error.
 */

export interface BrusselsMunicipality {
  /** Stable identifier, safe to store and to use as a choice value in a card. */
  readonly id: string;
  readonly nl: string;
  readonly fr: string;
  readonly postcodes: readonly string[];
}

export type MunicipalityName = Pick<BrusselsMunicipality, 'id' | 'nl' | 'fr'>;

// French alphabetical order, as the Region lists them.
export const BRUSSELS_MUNICIPALITIES: readonly BrusselsMunicipality[] = [
  { id: 'anderlecht', nl: 'Anderlecht', fr: 'Anderlecht', postcodes: ['1070'] },
  { id: 'auderghem', nl: 'Oudergem', fr: 'Auderghem', postcodes: ['1160'] },
  { id: 'berchem-sainte-agathe', nl: 'Sint-Agatha-Berchem', fr: 'Berchem-Sainte-Agathe', postcodes: ['1082'] },
  { id: 'bruxelles', nl: 'Brussel', fr: 'Bruxelles', postcodes: ['1000', '1020', '1040', '1050', '1120', '1130'] },
  { id: 'etterbeek', nl: 'Etterbeek', fr: 'Etterbeek', postcodes: ['1040'] },
  { id: 'evere', nl: 'Evere', fr: 'Evere', postcodes: ['1140'] },
  { id: 'forest', nl: 'Vorst', fr: 'Forest', postcodes: ['1190'] },
  { id: 'ganshoren', nl: 'Ganshoren', fr: 'Ganshoren', postcodes: ['1083'] },
  { id: 'ixelles', nl: 'Elsene', fr: 'Ixelles', postcodes: ['1050'] },
  { id: 'jette', nl: 'Jette', fr: 'Jette', postcodes: ['1090'] },
  { id: 'koekelberg', nl: 'Koekelberg', fr: 'Koekelberg', postcodes: ['1081'] },
  { id: 'molenbeek-saint-jean', nl: 'Sint-Jans-Molenbeek', fr: 'Molenbeek-Saint-Jean', postcodes: ['1080'] },
  { id: 'saint-gilles', nl: 'Sint-Gillis', fr: 'Saint-Gilles', postcodes: ['1060'] },
  { id: 'saint-josse-ten-noode', nl: 'Sint-Joost-ten-Node', fr: 'Saint-Josse-ten-Noode', postcodes: ['1210'] },
  { id: 'schaerbeek', nl: 'Schaarbeek', fr: 'Schaerbeek', postcodes: ['1030'] },
  { id: 'uccle', nl: 'Ukkel', fr: 'Uccle', postcodes: ['1180'] },
  { id: 'watermael-boitsfort', nl: 'Watermaal-Bosvoorde', fr: 'Watermael-Boitsfort', postcodes: ['1170'] },
  { id: 'woluwe-saint-lambert', nl: 'Sint-Lambrechts-Woluwe', fr: 'Woluwe-Saint-Lambert', postcodes: ['1200'] },
  { id: 'woluwe-saint-pierre', nl: 'Sint-Pieters-Woluwe', fr: 'Woluwe-Saint-Pierre', postcodes: ['1150'] },
];

const MUNICIPALITIES_BY_POSTCODE: ReadonlyMap<string, readonly MunicipalityName[]> = indexByPostcode();

// The City of Brussels goes last for 1040 and 1050: most addresses there are in Etterbeek and
// Ixelles, so a form that pre-fills the municipality from the code should propose those first.
function indexByPostcode(): Map<string, MunicipalityName[]> {
  const index = new Map<string, MunicipalityName[]>();
  const ownCodesFirst = [...BRUSSELS_MUNICIPALITIES].sort((a, b) => a.postcodes.length - b.postcodes.length);
  for (const { id, nl, fr, postcodes } of ownCodesFirst) {
    for (const code of postcodes) {
      index.set(code, [...(index.get(code) ?? []), { id, nl, fr }]);
    }
  }
  return index;
}

/** True when the postal code belongs to the Brussels-Capital Region (surrounding spaces ignored). */
export function isBrusselsPostcode(postcode: string): boolean {
  return MUNICIPALITIES_BY_POSTCODE.has(postcode.trim());
}

/** The municipalities a Brussels postal code covers, the main one first; empty outside the Region. */
export function municipalitiesForPostcode(postcode: string): MunicipalityName[] {
  return (MUNICIPALITIES_BY_POSTCODE.get(postcode.trim()) ?? []).map((m) => ({ ...m }));
}
