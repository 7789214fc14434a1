"""Synthetic Apidae project exports in the real format, for scripts/bench.

A full export (réinitialisation) of N objets touristiques and the next night's differential of 1%
of them, as zips named `<projetId>_<YYYYMMDD>-<HHMM>_<code>.zip`, laid out like the real sample
(Tests/Data/apidae/hotentic/json_export.zip, from ../shared/data/apidae): `objets_modifies/objets_modifies-K.json` arrays of
500 objects, `objets_supprimes.json`, `selections.json`, `communes.json`, `elements_reference.json`,
`criteres_internes.json`, and a `__MACOSX/` junk entry. Objects are pretty-printed the way Apidae's
Jackson does it (`"key" : value`, two-space indent), 5–20 KB each, about 11 KB on average, with the
nested parts a real object carries (presentation texts in several languages, moyensCommunication
201/204/205, contacts, illustrations, localisation, gestion, ouverture, tarifs…).

Deterministic: the same size and seed give byte-identical JSON. Written streaming, chunk by chunk,
straight into the zip (memory stays small).

    python3 apidae_export.py OUT_DIR --fiches 20000

prints the full and differential zip paths and writes OUT_DIR/manifest.json.
"""
import argparse, json, os, random, zipfile

PROJECT_ID = 4242
FULL_STEM = f"{PROJECT_ID}_20250310-0156_Bn4kQz"
DIFF_STEM = f"{PROJECT_ID}_20250311-0203_Tr8mWx"
CHUNK = 500
GENERATOR_VERSION = 3  # bump when the output changes, so that cached exports are regenerated

# The campaign sélection: about half of the fiches, grown by the differential.
BIG_SELECTION_ID = 90001
BIG_SELECTION_NAME = "Campagne de mise à jour 2025"

TYPES = [
    ("HOTELLERIE", "HOT", 14), ("RESTAURATION", "RES", 14), ("HEBERGEMENT_LOCATIF", "HLO", 16),
    ("HEBERGEMENT_COLLECTIF", "HCO", 4), ("HOTELLERIE_PLEIN_AIR", "HPA", 5), ("ACTIVITE", "ASC", 8),
    ("COMMERCE_ET_SERVICE", "COS", 8), ("DEGUSTATION", "DEG", 3), ("EQUIPEMENT", "EQU", 6),
    ("FETE_ET_MANIFESTATION", "EVE", 10), ("PATRIMOINE_CULTUREL", "PCU", 5), ("PATRIMOINE_NATUREL", "PNA", 3),
    ("SEJOUR_PACKAGE", "SPA", 1), ("STRUCTURE", "STR", 1), ("DOMAINE_SKIABLE", "DOS", 1), ("TERRITOIRE", "TER", 1),
]
NAME_WORDS = {
    "HOTELLERIE": ["Hôtel", "Hotel", "Hôtel-Restaurant", "Grand Hôtel", "Auberge", "Logis"],
    "RESTAURATION": ["Restaurant", "Brasserie", "Bistrot", "Crêperie", "Pizzeria", "Table"],
    "HEBERGEMENT_LOCATIF": ["Gîte", "Chalet", "Appartement", "Meublé", "Maison"],
    "HEBERGEMENT_COLLECTIF": ["Centre", "Refuge", "Auberge de jeunesse", "Village vacances"],
    "HOTELLERIE_PLEIN_AIR": ["Camping", "Aire naturelle", "Camping-caravaning"],
}
PLACES = ["du Lac", "des Alpes", "de la Gare", "du Château", "des Cimes", "du Vieux Port", "de l'Abbaye",
          "Belle Vue", "les Mélèzes", "la Clairière", "du Mont Blanc", "Saint-Pierre", "des Trois Vallées",
          "le Relais", "de la Forêt", "du Moulin", "l'Étoile", "des Pêcheurs", "du Marché", "Côté Jardin"]
FIRST = ["Marie", "Jean", "Pierre", "Sophie", "Luc", "Camille", "Hélène", "François", "Julie", "Éric", "Anne",
         "Thomas", "Céline", "Nicolas", "Élodie", "Mathieu", "Chloé", "Antoine", "Léa", "Benoît"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Favre", "Chevallier", "Perrin", "Blanc", "Girard"]
WORDS = ("le la les un une des du de et à au aux pour avec sans sur sous dans vue lac montagne vallée "
         "chambre chambres confortable calme chaleureux accueil familial cuisine traditionnelle produits "
         "locaux terrasse jardin piscine chauffée parking gratuit proximité centre village randonnée ski "
         "été hiver saison séjour découverte patrimoine église château musée marché fromage vin dégustation "
         "spa détente bien-être salle petit-déjeuner buffet maison restaurée pierre bois poutres cheminée "
         "panorama exceptionnel sentier balade vélo location équipement enfants famille groupe séminaire "
         "réception mariage anniversaire ouvert toute l'année sur réservation idéal pour").split()
WORDS_EN = ("the a of and with for in on near lake mountain valley room rooms comfortable quiet warm "
            "welcome family traditional cuisine local produce terrace garden heated pool free parking close "
            "village centre hiking skiing summer winter stay discovery heritage church castle museum market "
            "cheese wine tasting spa relaxation breakfast restored stone house wood fireplace view").split()
MEMBERS = [(233 + k, f"Office de Tourisme {p}") for k, p in enumerate(
    ["Aix-les-Bains Riviera des Alpes", "Grand Annecy", "Chambéry Montagnes", "Vallée de Chamonix",
     "Pays d'Évian", "Portes du Soleil", "Grenoble Alpes", "Savoie Mont Blanc", "Lyon", "Haute-Tarentaise"])]
COMMUNES = [(30000 + k, f"{73000 + k * 7:05d}", f"Commune{'-sur-' if k % 3 else '-les-'}{n}", f"{73000 + k * 10:05d}")
            for k, n in enumerate(["Lac", "Mont", "Bois", "Prés", "Alpes", "Rhône", "Isère", "Arve", "Forêt", "Vignes",
                                   "Thônes", "Aravis", "Bauges", "Chartreuse", "Vercors", "Belledonne"] * 25)]

CRITERES = [{"id": 5382 + k, "libelle": f"{k:02d} - Critère interne {k}", "commentaire": "Synthétique"}
            for k in range(40)]
ELEMENTS = ([{"elementReferenceType": "MoyenCommunicationType", "id": i, "libelleFr": l, "ordre": o, "actif": True}
             for i, l, o in [(201, "Téléphone", 1), (204, "Mél", 2), (205, "Site web (URL)", 3), (202, "Fax", 4)]]
            + [{"elementReferenceType": "Langue", "id": 1197 + k, "libelleFr": l, "ordre": k, "actif": True}
               for k, l in enumerate(["Français", "Anglais", "Allemand", "Italien", "Espagnol"])])


_string = json.encoder.encode_basestring  # the C encoder, as json.dumps(ensure_ascii=False) uses
_keys = {}


def dump(value, out, indent=""):
    """Jackson's pretty printer: `"key" : value`, two spaces, `[ {` for arrays of objects, `{ }` when empty."""
    kind = type(value)
    if kind is str:
        out.append(_string(value))
    elif kind is dict:
        if not value:
            out.append("{ }")
            return
        inner = indent + "  "
        sep = ",\n" + inner
        out.append("{\n" + inner)
        first = True
        for k, v in value.items():
            if not first:
                out.append(sep)
            first = False
            key = _keys.get(k)
            if key is None:
                key = _keys[k] = _string(k) + " : "
            out.append(key)
            dump(v, out, inner)
        out.append("\n" + indent + "}")
    elif kind is list:
        if not value:
            out.append("[ ]")
            return
        out.append("[ ")
        first = True
        for v in value:
            if not first:
                out.append(", ")
            first = False
            dump(v, out, indent)
        out.append(" ]")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    else:
        out.append(repr(value))


def sentence(rng, n, words=WORDS):
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences, words=WORDS):
    return "\r\n".join(sentence(rng, rng.randint(8, 22), words) for _ in range(sentences))


def ref(kind, i):
    return {"elementReferenceType": kind, "id": i}


def moyen(rng, type_id, value, ident):
    m = {"identifiant": ident, "type": ref("MoyenCommunicationType", type_id), "coordonnees": {"fr": value}}
    if rng.random() < 0.2:
        m["observation"] = {"libelleFr": sentence(rng, 5)}
    return m


def fiche_ids(n, seed):
    rng = random.Random(seed * 7919 + 1)
    ids, cur = [], 4_800_000
    for _ in range(n):
        cur += rng.randint(1, 12)
        ids.append(cur)
    return ids


def make_object(oid, index, seed, version=0):
    """One objet touristique; `version` > 0 is a later modification of the same object."""
    rng = random.Random((seed << 32) ^ (oid * 2654435761) ^ (version * 97))
    base = random.Random((seed << 32) ^ oid)  # what stays across versions
    weights = [w for _, _, w in TYPES]
    type_name, code, _ = base.choices(TYPES, weights)[0]
    words = NAME_WORDS.get(type_name, ["Les", "Le", "La", "Espace", "Maison", "Domaine"])
    name = f"{base.choice(words)} {base.choice(PLACES)}"
    if base.random() < 0.3:
        name += f" {base.randint(2, 999)}"
    member_id, member_name = MEMBERS[base.randrange(len(MEMBERS))]
    commune = COMMUNES[base.randrange(len(COMMUNES))]
    slug = "".join(c for c in name.lower() if c.isalnum())[:20] or "fiche"
    email = f"contact.{slug}{oid % 1000}@{['example.com', 'example.org', 'example.net'][oid % 3]}"
    state = "PUBLISHED" if base.random() < 0.94 else base.choice(["HIDDEN", "NEW"])
    day = 1 + base.randrange(28)
    created = f"20{base.randint(12, 22)}-{base.randint(1, 12):02d}-{day:02d}T{base.randint(7, 19):02d}:{base.randint(0, 59):02d}:{base.randint(0, 59):02d}.{base.randint(0, 999):03d}+0000"
    modified = f"2025-0{1 + version if version < 9 else 9}-{day:02d}T{rng.randint(7, 19):02d}:{rng.randint(0, 59):02d}:00.000+0000"

    obj = {"type": type_name, "id": oid, "nom": {"libelleFr": name}}
    if base.random() < 0.5:
        obj["nom"]["libelleEn"] = name
    obj["identifier"] = f"SITRA2_{code}_{oid}"
    obj["state"] = state
    obj["gestion"] = {
        "dateCreation": created, "dateModification": modified, "dateExportModification": modified,
        "membreProprietaire": {"type": ref("MembreSitraType", 233), "nom": member_name,
                               "dateCreation": "2005-06-30T13:03:53.903+0000",
                               "dateModification": "2024-10-03T15:26:47.009+0000", "departement": "73",
                               "id": member_id, "siteWeb": "http://www.example.com"},
        "signalerUnProblemeMails": [],
    }
    # E-mail rule coverage: object-level 204 (most), only in the referent contact, only in another
    # contact, or nowhere.
    where = base.random()
    ident = oid * 10
    moyens = [moyen(rng, 201, f"+33 4 {base.randint(10, 99)} {base.randint(10, 99)} {base.randint(10, 99)} {base.randint(10, 99)}", ident)]
    if where < 0.72:
        moyens.append(moyen(rng, 204, email, ident + 1))
    moyens.append(moyen(rng, 205, f"https://www.{slug}.example.com", ident + 2))
    if base.random() < 0.3:
        moyens.append(moyen(rng, 202, f"+33 4 {base.randint(10, 99)} 00 00 00", ident + 3))
    obj["informations"] = {"moyensCommunication": moyens,
                           "structureGestion": {"type": "STRUCTURE", "id": 500000 + member_id},
                           "structureInformation": {"type": "STRUCTURE", "id": 500000 + member_id}}
    languages = ["libelleFr", "libelleEn", "libelleDe", "libelleIt", "libelleEs", "libelleNl"]
    langs = languages[:base.randint(1, 4)]
    sizes = base.random()  # how wordy this object is: sets most of its size
    obj["presentation"] = {
        "descriptifCourt": {l: sentence(rng, rng.randint(15, 35), WORDS if l == "libelleFr" else WORDS_EN)
                            for l in langs},
        "descriptifDetaille": {l: paragraph(rng, 1 + int(sizes * 6), WORDS if l == "libelleFr" else WORDS_EN)
                               for l in langs[:1 + int(sizes * 2)]},
        "typologiesPromoSitra": [ref("TypologiePromoSitra", 1500 + rng.randrange(60)) for _ in range(rng.randint(0, 4))],
    }
    if sizes > 0.5:
        obj["presentation"]["descriptifsThematises"] = [
            {"theme": ref("DescriptifTheme", 6500 + k), "description": {"libelleFr": paragraph(rng, 2)}}
            for k in range(rng.randint(1, 3))]
    lon, lat = 5.5 + base.random(), 45.2 + base.random()
    obj["localisation"] = {
        "adresse": {"adresse1": f"{base.randint(1, 200)} {base.choice(['rue', 'avenue', 'chemin', 'route'])} {base.choice(PLACES)}",
                    "codePostal": commune[3], "bureauDistribution": commune[2], "etat": "France",
                    "commune": {"id": commune[0]}},
        "geolocalisation": {"valide": True, "geoJson": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                            "complement": {"libelleFr": sentence(rng, 6)}},
        "perimetreGeographique": [{"id": commune[0]}],
        "environnements": [ref("Environnement", 170 + rng.randrange(20)) for _ in range(rng.randint(1, 4))],
    }
    obj["liens"] = {} if base.random() < 0.6 else {"liensObjetsTouristiquesTypes": [
        {"objetTouristique": {"type": "STRUCTURE", "id": 500000 + k}, "type": "APPARTIENT_A"} for k in range(rng.randint(1, 3))]}
    obj["prestations"] = {
        "animauxAcceptes": rng.choice(["ACCEPTES", "NON_ACCEPTES", "NON_DISPONIBLE"]),
        "languesParlees": [ref("Langue", 1197 + k) for k in range(rng.randint(1, 5))],
        "equipements": [ref("PrestationEquipement", 600 + rng.randrange(200)) for _ in range(rng.randint(0, 7))],
        "services": [ref("PrestationService", 800 + rng.randrange(200)) for _ in range(rng.randint(0, 5))],
        "conforts": [ref("PrestationConfort", 1000 + rng.randrange(100)) for _ in range(rng.randint(0, 4))],
        "typesClientele": [ref("TypeClientele", 570 + k) for k in range(rng.randint(0, 4))],
    }
    obj["ouverture"] = {
        "periodeEnClair": {"libelleFr": "Du lundi au dimanche de 8h à 20h.", "libelleEn": "Monday to Sunday 8 AM to 8 PM.",
                           "libelleDe": "Montag bis Sonntag von 8 bis 20 Uhr.", "libelleIt": "Dal lunedì alla domenica dalle 8 alle 20."},
        "periodeEnClairGenerationMode": "AUTOMATIQUE",
        "periodesOuvertures": [
            {"identifiant": oid * 100 + k, "dateDebut": f"2025-{1 + k % 12:02d}-01", "dateFin": f"2025-{1 + k % 12:02d}-28",
             "horaireOuverture": "08:00:00", "horaireFermeture": "20:00:00", "type": "OUVERTURE_TOUS_LES_JOURS",
             "tousLesAns": rng.random() < 0.5, "identifiantTechnique": oid * 100 + k,
             **({"complementHoraire": {"libelleFr": sentence(rng, 8)}} if rng.random() < 0.4 else {})}
            for k in range(1 + int(sizes * 4))],
    }
    obj["descriptionTarif"] = {
        "indicationTarif": "PAYANT", "gratuit": False, "devise": "EUR", "tarifsEnClairGenerationMode": "AUTOMATIQUE",
        "tarifsEnClair": {"libelleFr": sentence(rng, 12)},
        "periodes": [{"dateDebut": "2025-01-01", "dateFin": "2025-12-31", "tarifs": [
            {"type": ref("TarifType", 1400 + k), "minimum": 20 + k * 5, "maximum": 60 + k * 9} for k in range(rng.randint(1, 4))]}],
        "modesPaiement": [ref("ModePaiement", 1270 + k) for k in range(rng.randint(1, 6))],
    }
    obj["reservation"] = {} if base.random() < 0.5 else {"organismes": [
        {"nom": f"Centrale {base.choice(PLACES)}", "type": ref("ReservationType", 470),
         "moyensCommunication": [moyen(rng, 205, "https://reservation.example.com", ident + 5)]}]}
    contacts = []
    for k in range(base.randint(0, 3) if where < 0.72 or where >= 0.93 else base.randint(1, 3)):
        person = {"referent": k == 0 and where < 0.84, "civilite": ref("ContactCivilite", 469 + k % 2),
                  "nom": base.choice(LAST), "prenom": base.choice(FIRST),
                  "fonction": ref("ContactFonction", 460 + k), "identifiant": oid * 10 + 7 + k}
        cm = [moyen(rng, 201, f"+33 6 {base.randint(10, 99)} {base.randint(10, 99)} {base.randint(10, 99)} {base.randint(10, 99)}", ident + 10 + k)]
        if 0.72 <= where < 0.93 and (k == 0 or where >= 0.84):
            cm.append(moyen(rng, 204, f"{person['prenom'].lower()}.{oid}@example.org", ident + 20 + k))
        person["moyensCommunication"] = cm
        contacts.append(person)
    if contacts:
        obj["contacts"] = contacts
    illustrations = []
    for k in range(int(sizes * 4) + base.randint(0, 1)):
        iid = oid * 20 + k
        illustrations.append({
            "identifiant": iid, "link": False, "type": "IMAGE",
            "nom": {"libelleFr": f"Photo {k + 1}"}, "legende": {"libelleFr": sentence(rng, 6)},
            "copyright": {"libelleFr": f"© {base.choice(FIRST)} {base.choice(LAST)}"},
            "traductionFichiers": [{
                "locale": "fr", "url": f"https://static.apidae-tourisme.com/filestore/objets-touristiques/images/{iid % 256}/{iid}.jpg",
                "urlListe": f"https://static.apidae-tourisme.com/filestore/objets-touristiques/images/{iid % 256}/{iid}-liste.jpg",
                "urlFiche": f"https://static.apidae-tourisme.com/filestore/objets-touristiques/images/{iid % 256}/{iid}-fiche.jpg",
                "urlDiaporama": f"https://static.apidae-tourisme.com/filestore/objets-touristiques/images/{iid % 256}/{iid}-diaporama.jpg",
                "extension": "jpg", "fileName": f"{iid}.jpg", "taille": rng.randint(50000, 900000),
                "hauteur": 1200, "largeur": 1600, "lastModifiedDate": modified}],
        })
    if illustrations:
        obj["illustrations"] = illustrations
    obj["criteresInternes"] = [{"id": 5382 + rng.randrange(40)} for _ in range(rng.randint(0, 3))]
    obj["territoires"] = [{"type": "TERRITOIRE", "id": 4_000_000 + rng.randrange(50)} for _ in range(rng.randint(0, 3))]
    if type_name == "HOTELLERIE":
        obj["informationsHotellerie"] = {"hotellerieType": ref("HotellerieType", 2734), "classement": ref("HotellerieClassement", 2740 + rng.randrange(5)),
                                         "capacite": {"nombreChambresDeclareesHotelier": rng.randint(5, 80)}}
    elif type_name == "RESTAURATION":
        obj["informationsRestauration"] = {"restaurationType": ref("RestaurationType", 2860), "specialites": [ref("RestaurationSpecialite", 2870 + k) for k in range(rng.randint(0, 4))]}
    obj["formatVersion"] = "v002"
    return obj


def object_bytes(obj):
    out = []
    dump(obj, out)
    return "".join(out)


def write_chunks(zf, objects, dated):
    """Streams objects into `objets_modifies/objets_modifies-K.json` arrays of CHUNK objects."""
    total = 0
    chunk, k = [], 1

    def flush():
        nonlocal chunk, k, total
        info = zipfile.ZipInfo(f"objets_modifies/objets_modifies-{k}.json", date_time=dated)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as f:
            f.write(b"[ ")
            for j, text in enumerate(chunk):
                if j:
                    f.write(b", ")
                data = text.encode()
                total += len(data)
                f.write(data)
            f.write(b" ]")
        chunk, k = [], k + 1

    for obj in objects:
        chunk.append(object_bytes(obj))
        if len(chunk) == CHUNK:
            flush()
    if chunk:
        flush()
    return total


def write_small(zf, name, value, dated):
    info = zipfile.ZipInfo(name, date_time=dated)
    info.compress_type = zipfile.ZIP_DEFLATED
    out = []
    dump(value, out)
    zf.writestr(info, "".join(out))


def selections_for(ids, seed, grown=()):
    """40 thematic sélections plus the big campaign one (every other fiche, plus `grown`)."""
    rng = random.Random(seed * 31 + 5)
    sels = []
    for k in range(40):
        size = min(len(ids), rng.choice([20, 50, 120, 400, 1500]))
        members = sorted(rng.sample(ids, size))
        sels.append((49000 + k * 10, f"Sélection {k + 1}", members))
    big = sorted(set(ids[::2]) | set(grown))
    sels.append((BIG_SELECTION_ID, BIG_SELECTION_NAME, big))
    return sels


def selections_json(sels, types):
    return [{"id": sid, "libelle": {"libelleFr": name}, "nom": name,
             "objetsTouristiques": [{"type": types[i], "id": i} for i in members]} for sid, name, members in sels]


def generate(out_dir, n, seed=1):
    os.makedirs(out_dir, exist_ok=True)
    ids = fiche_ids(n, seed)
    full = os.path.join(out_dir, FULL_STEM + ".zip")
    diff = os.path.join(out_dir, DIFF_STEM + ".zip")
    types = {}
    dated = (2025, 3, 10, 1, 56, 0)
    with zipfile.ZipFile(full + ".part", "w", allowZip64=True) as zf:
        write_small(zf, "communes.json", [{"id": c[0], "code": c[1], "nom": c[2], "pays": ref("Pays", 532), "codePostal": c[3]} for c in COMMUNES], dated)
        write_small(zf, "elements_reference.json", ELEMENTS, dated)
        write_small(zf, "criteres_internes.json", CRITERES, dated)

        def objects():
            for index, oid in enumerate(ids):
                obj = make_object(oid, index, seed)
                types[oid] = obj["type"]
                yield obj
        json_bytes = write_chunks(zf, objects(), dated)
        write_small(zf, "objets_supprimes.json", [], dated)
        write_small(zf, "selections.json", selections_json(selections_for(ids, seed), types), dated)
        zf.writestr(zipfile.ZipInfo("__MACOSX/._objets_modifies", date_time=dated), b"\0\5\26\7junk")
    os.replace(full + ".part", full)

    # The next night: 1% modified (some of them hidden), a few created, a few deleted, and the campaign
    # sélection grown by 1% of the fiches (so that actualiser has work) and shrunk by a few.
    rng = random.Random(seed * 101 + 3)
    changed = sorted(rng.sample(ids, max(1, n // 100)))
    changed_set = set(changed)
    deleted = sorted(rng.sample([i for i in ids if i not in changed_set], max(1, n // 2000)))
    deleted_set = set(deleted)
    created = [ids[-1] + 13 + 5 * k for k in range(max(1, n // 1000))]
    big = set(ids[::2])
    outside = [i for i in ids[1::2] if i not in deleted_set]
    grown = set(rng.sample(outside, max(1, n // 100))) | set(created)
    dated = (2025, 3, 11, 2, 3, 0)
    diff_bytes = 0
    with zipfile.ZipFile(diff + ".part", "w", allowZip64=True) as zf:
        write_small(zf, "communes.json", [{"id": c[0], "code": c[1], "nom": c[2], "pays": ref("Pays", 532), "codePostal": c[3]} for c in COMMUNES], dated)

        def objects():
            for index, oid in enumerate(changed):
                obj = make_object(oid, index, seed, version=1)
                if index % 20 == 0:
                    obj["state"] = "HIDDEN"
                yield obj
            for index, oid in enumerate(created):
                obj = make_object(oid, index, seed)
                obj["state"] = "PUBLISHED"
                types[oid] = obj["type"]
                yield obj
        diff_bytes = write_chunks(zf, objects(), dated)
        write_small(zf, "objets_supprimes.json", deleted, dated)
        remaining = [i for i in ids if i not in deleted_set] + created
        sels = selections_for(ids, seed, grown)
        gone = deleted_set | set(rng.sample(sorted(big), max(1, n // 5000)))
        sels = [(sid, name, [i for i in members if i not in gone]) for sid, name, members in sels]
        write_small(zf, "selections.json", selections_json(sels, types), dated)
    os.replace(diff + ".part", diff)
    manifest = {"generator": GENERATOR_VERSION, "fiches": n, "seed": seed, "full": os.path.basename(full),
                "diff": os.path.basename(diff), "json_bytes": json_bytes, "diff_json_bytes": diff_bytes,
                "diff_objects": len(changed) + len(created), "diff_deleted": len(deleted),
                "big_selection": BIG_SELECTION_ID, "big_selection_name": BIG_SELECTION_NAME,
                "big_selection_size": len(big), "big_selection_grown": len(grown), "remaining": len(remaining)}
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return manifest


def ensure(out_dir, n, seed=1):
    """The manifest of the exports of size `n` in `out_dir`, generating them when missing or stale."""
    path = os.path.join(out_dir, "manifest.json")
    try:
        with open(path) as f:
            manifest = json.load(f)
        if (manifest["generator"] == GENERATOR_VERSION and manifest["fiches"] == n and manifest["seed"] == seed
                and os.path.exists(os.path.join(out_dir, manifest["full"]))
                and os.path.exists(os.path.join(out_dir, manifest["diff"]))):
            return manifest
    except (OSError, ValueError, KeyError):
        pass
    for name in os.listdir(out_dir) if os.path.isdir(out_dir) else []:
        if name.endswith(".zip") or name.endswith(".part"):
            os.unlink(os.path.join(out_dir, name))
    return generate(out_dir, n, seed)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--fiches", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    m = ensure(a.out, a.fiches, a.seed)
    print(json.dumps(m, indent=1))
