"""The demo's French text: people, places, communities, charters, groups and messages.

Kept apart from the generator so that the generator reads as a timeline and this file as a
cast. Place names are real French regions, towns and villages; people and organisations are
invented. In texts, `[m|f]` picks the masculine or feminine form for the person's gender.
"""

DEMO_DOMAIN = "demo.cercle.example"
DEMO_PASSWORD = "demo-cercle-2026"  # noqa: S105 - the documented password of demo accounts

# --- People ---------------------------------------------------------------------------------

FEMALE_FIRST_NAMES = [
    "Agnès", "Alice", "Amandine", "Anaïs", "Audrey", "Aurélie", "Bénédicte", "Brigitte",
    "Camille", "Caroline", "Catherine", "Céline", "Charlotte", "Chloé", "Christine", "Claire",
    "Coralie", "Corinne", "Delphine", "Dominique", "Élodie", "Émeline", "Émilie", "Estelle",
    "Fatima", "Florence", "Françoise", "Gaëlle", "Hélène", "Inès", "Isabelle", "Jeanne",
    "Julie", "Juliette", "Justine", "Karine", "Laetitia", "Laura", "Laurence", "Léa", "Leïla",
    "Lucie", "Maëlle", "Manon", "Margaux", "Marie", "Marion", "Martine", "Mathilde", "Mélanie",
    "Monique", "Morgane", "Nadia", "Nathalie", "Nolwenn", "Océane", "Odile", "Pascale",
    "Patricia", "Pauline", "Rachida", "Sabrina", "Samia", "Sandrine", "Sarah", "Séverine",
    "Solène", "Sophie", "Stéphanie", "Sylvie", "Valérie", "Véronique", "Virginie", "Yasmina",
]  # fmt: skip

MALE_FIRST_NAMES = [
    "Adrien", "Alain", "Alexandre", "Antoine", "Arnaud", "Baptiste", "Benoît", "Bernard",
    "Bruno", "Cédric", "Christophe", "Clément", "Damien", "David", "Didier", "Emmanuel", "Éric",
    "Erwan", "Fabrice", "Florian", "François", "Franck", "Frédéric", "Gilles", "Guillaume",
    "Hervé", "Hugo", "Jean", "Jean-François", "Jean-Luc", "Jean-Marc", "Jérôme", "Julien",
    "Karim", "Kévin", "Laurent", "Loïc", "Lucas", "Mathieu", "Maxime", "Mehdi", "Michel",
    "Nicolas", "Olivier", "Pascal", "Patrick", "Philippe", "Pierre", "Pierre-Yves", "Quentin",
    "Rachid", "Régis", "Romain", "Ronan", "Samir", "Sébastien", "Stéphane", "Thierry", "Thomas",
    "Vincent", "Xavier", "Yannick", "Yves", "Youssef",
]  # fmt: skip

LAST_NAMES = [
    "André", "Arnaud", "Aubert", "Aubry", "Bailly", "Barbier", "Baron", "Barré", "Benali",
    "Berger", "Bernard", "Bertin", "Bertrand", "Besson", "Blanc", "Blanchard", "Bonnet",
    "Boucher", "Bouchet", "Bourgeois", "Boyer", "Breton", "Brun", "Brunet", "Caron",
    "Carpentier", "Carré", "Chauvin", "Chevalier", "Clément", "Colin", "Collet", "Cordier",
    "Cousin", "Da Silva", "Delaunay", "Denis", "Deschamps", "Diallo", "Dubois", "Dufour",
    "Dumont", "Dupont", "Dupuis", "Dupuy", "Durand", "Duval", "Étienne", "Faure", "Ferreira",
    "Fleury", "Fontaine", "Fournier", "Gaillard", "Garcia", "Garnier", "Gauthier", "Gautier",
    "Gérard", "Germain", "Gilbert", "Gillet", "Girard", "Guérin", "Guichard", "Guillot",
    "Guyot", "Haddad", "Hamon", "Henry", "Hervé", "Hubert", "Huet", "Jacob", "Jacquet", "Joly",
    "Julien", "Lacroix", "Lambert", "Lamy", "Langlois", "Laporte", "Laurent", "Lebrun",
    "Leclerc", "Leclercq", "Lecomte", "Lefebvre", "Lefèvre", "Léger", "Legrand", "Lejeune",
    "Lemaire", "Lemaître", "Leroux", "Leroy", "Lévêque", "Lopez", "Lucas", "Maillard",
    "Mallet", "Marchal", "Marchand", "Martin", "Martinez", "Masson", "Mathieu", "Ménard",
    "Meunier", "Michaud", "Michel", "Millet", "Monnier", "Morel", "Moreau", "Morin", "Moulin",
    "Nguyen", "Noël", "Olivier", "Paris", "Pasquier", "Pelletier", "Perrin", "Perrot", "Petit",
    "Picard", "Pichon", "Poirier", "Poulain", "Prévost", "Rémy", "Renard", "Renaud", "Rey",
    "Richard", "Rivière", "Robert", "Robin", "Roche", "Rodrigues", "Roger", "Rolland",
    "Roussel", "Rousseau", "Roy", "Simon", "Tessier", "Thomas", "Vasseur", "Vincent",
]  # fmt: skip

# Names more common in some regions: half of the people there get one of these.
REGIONAL_LAST_NAMES = {
    "Bretagne": [
        "Le Gall", "Le Goff", "Le Bihan", "Le Floch", "Kerbrat", "Quéré", "Tanguy", "Guillou",
        "Morvan", "Riou", "Le Corre", "Jaouen",
    ],
    "Grand Est": [
        "Muller", "Schmitt", "Meyer", "Klein", "Weber", "Schneider", "Kieffer", "Wagner",
        "Hoffmann", "Fischer",
    ],
    "Occitanie": ["Fabre", "Vidal", "Marty", "Bousquet", "Castel", "Rouquette", "Cazals"],
    "Nouvelle-Aquitaine": ["Etcheverry", "Lacoste", "Dufau", "Lafon", "Delpech", "Bordes"],
    "Hauts-de-France": ["Lefebvre", "Leclercq", "Vandamme", "Dewulf", "Delattre", "Lemaire"],
    "Provence-Alpes-Côte d'Azur": ["Giraud", "Bonnefoy", "Pellegrin", "Reynaud", "Roux"],
}  # fmt: skip

# Real regions with real towns (for businesses and schools).
TOWNS = {
    "Auvergne-Rhône-Alpes": [
        "Lyon", "Grenoble", "Clermont-Ferrand", "Annecy", "Chambéry", "Valence",
        "Saint-Étienne", "Roanne", "Aurillac", "Bourg-en-Bresse", "Vichy", "Villeurbanne",
    ],
    "Bourgogne-Franche-Comté": [
        "Dijon", "Besançon", "Auxerre", "Chalon-sur-Saône", "Mâcon", "Nevers", "Belfort", "Dole",
    ],
    "Bretagne": [
        "Rennes", "Brest", "Quimper", "Vannes", "Lorient", "Saint-Brieuc", "Morlaix", "Lannion",
        "Fougères", "Vitré", "Concarneau", "Saint-Malo",
    ],
    "Centre-Val de Loire": ["Tours", "Orléans", "Bourges", "Blois", "Chartres", "Châteauroux"],
    "Grand Est": [
        "Strasbourg", "Metz", "Nancy", "Reims", "Mulhouse", "Colmar", "Troyes", "Épinal",
    ],
    "Hauts-de-France": [
        "Lille", "Amiens", "Arras", "Dunkerque", "Valenciennes", "Beauvais", "Roubaix",
        "Boulogne-sur-Mer", "Tourcoing", "Saint-Quentin",
    ],
    "Île-de-France": [
        "Paris", "Montreuil", "Versailles", "Saint-Denis", "Créteil", "Nanterre", "Cergy",
        "Meaux", "Vincennes", "Ivry-sur-Seine",
    ],
    "Normandie": ["Rouen", "Caen", "Le Havre", "Cherbourg-en-Cotentin", "Évreux", "Alençon"],
    "Nouvelle-Aquitaine": [
        "Bordeaux", "Limoges", "Poitiers", "La Rochelle", "Pau", "Angoulême", "Périgueux",
        "Bayonne", "Niort", "Brive-la-Gaillarde",
    ],
    "Occitanie": [
        "Toulouse", "Montpellier", "Nîmes", "Perpignan", "Albi", "Rodez", "Tarbes",
        "Carcassonne", "Castres", "Cahors",
    ],
    "Pays de la Loire": ["Nantes", "Angers", "Le Mans", "Saint-Nazaire", "Laval", "Cholet"],
    "Provence-Alpes-Côte d'Azur": [
        "Marseille", "Nice", "Toulon", "Aix-en-Provence", "Avignon", "Gap", "Arles",
    ],
}  # fmt: skip

# Real small communes, where a town hall has one or two secretaries.
VILLAGES = {
    "Auvergne-Rhône-Alpes": [
        "Salers", "Pérouges", "Besse-et-Saint-Anastaise", "Charroux", "Blesle", "Yvoire",
        "Balazuc", "Mirmande",
    ],
    "Bourgogne-Franche-Comté": [
        "Vézelay", "Noyers", "Nolay", "Arbois", "Flavigny-sur-Ozerain", "Baume-les-Messieurs",
        "Lods", "Saint-Fargeau", "Mouthier-Haute-Pierre",
    ],
    "Bretagne": [
        "Locmariaquer", "Huelgoat", "Josselin", "Rochefort-en-Terre", "Plougrescant",
        "Locronan", "Bécherel", "Le Faouët",
    ],
    "Centre-Val de Loire": ["Chenonceaux", "Sancerre", "Apremont-sur-Allier", "Montrésor"],
    "Grand Est": [
        "Riquewihr", "Hunawihr", "Eguisheim", "Mittelbergheim", "Joinville", "Rodemack",
        "Fénétrange", "Domrémy-la-Pucelle", "Gerbéviller",
    ],
    "Hauts-de-France": ["Gerberoy", "Cassel", "Wissant", "Parfondeval"],
    "Normandie": ["Beuvron-en-Auge", "Lyons-la-Forêt", "Barfleur", "Étretat", "Le Bec-Hellouin"],
    "Nouvelle-Aquitaine": [
        "Uzerche", "Eymoutiers", "Sare", "Aubeterre-sur-Dronne", "Collonges-la-Rouge",
        "Saint-Jean-Pied-de-Port", "Monpazier", "Saint-Émilion", "Treignac",
    ],
    "Occitanie": [
        "Conques-en-Rouergue", "Saint-Cirq-Lapopie", "Marciac", "Mirepoix", "Najac",
        "Saint-Guilhem-le-Désert", "Lautrec", "Sauveterre-de-Rouergue",
    ],
    "Pays de la Loire": [
        "Sainte-Suzanne-et-Chammes", "Fontevraud-l'Abbaye", "Asnières-sur-Vègre", "Vouvant",
    ],
    "Provence-Alpes-Côte d'Azur": [
        "Gordes", "Moustiers-Sainte-Marie", "Lourmarin", "Roussillon", "Séguret",
    ],
}  # fmt: skip

# --- Key people -----------------------------------------------------------------------------
# The demo logins and the faces of each community. `communities` maps a community slug to the
# person's role there; "core" people arrive in the first weeks.

ANIMATOR_EMAIL = f"anne.animatrice@{DEMO_DOMAIN}"
MEMBER_EMAIL = f"paul.membre@{DEMO_DOMAIN}"

KEY_PEOPLE = [
    {
        "first": "Anne",
        "last": "Le Gall",
        "gender": "f",
        "email": ANIMATOR_EMAIL,
        "region": "Bretagne",
        "city": "Rennes",
        "organisation": "Le Gall Emballages",
        "job_title": "Présidente",
        "bio": (
            "J'ai repris l'entreprise familiale d'emballages carton en 2011, nous sommes "
            "aujourd'hui 45 à Rennes. J'ai lancé ce réseau parce que j'ai longtemps été seule "
            "face aux décisions difficiles : un recrutement raté, un gros client perdu, une "
            "transmission à préparer. Entre pairs, on va plus vite et on dort mieux."
        ),
        "skills": ["Reprise d'entreprise", "Management", "Négociation", "Industrie"],
        "interests": ["Transmission d'entreprise", "Transition écologique", "Recrutement"],
        "can_help_with": (
            "Reprendre une entreprise familiale, négocier avec la banque, organiser une "
            "rencontre de dirigeants qui ne soit pas une soirée de cartes de visite."
        ),
        "looking_for": (
            "Des dirigeants prêts à animer l'antenne de leur région, et des retours "
            "d'expérience sur l'emballage sans plastique."
        ),
        "communities": {"dirigeants-pme": "animator"},
    },
    {
        "first": "Karim",
        "last": "Benali",
        "gender": "m",
        "email": f"karim.benali@{DEMO_DOMAIN}",
        "region": "Auvergne-Rhône-Alpes",
        "city": "Lyon",
        "organisation": "Benali Mécanique de précision",
        "job_title": "Directeur général",
        "bio": (
            "Ingénieur de formation, j'ai créé mon atelier d'usinage à Vénissieux en 2008. "
            "Nous sommes 28 et travaillons pour l'aéronautique et le médical. Co-animateur du "
            "réseau, je m'occupe surtout des rencontres en Auvergne-Rhône-Alpes."
        ),
        "skills": ["Industrie", "Lean management", "Export", "Recrutement"],
        "interests": ["Recrutement", "Apprentissage", "Industrie 4.0"],
        "can_help_with": "Recruter des apprentis, structurer un atelier, répondre à un appel "
        "d'offres industriel.",
        "looking_for": "Des dirigeants qui ont mis en place l'intéressement dans une PME de "
        "moins de 50 salariés.",
        "communities": {"dirigeants-pme": "co-animator"},
    },
    {
        "first": "Martine",
        "last": "Giraud",
        "gender": "f",
        "email": f"martine.giraud@{DEMO_DOMAIN}",
        "region": "Nouvelle-Aquitaine",
        "city": "Uzerche",
        "organisation": "Mairie d'Uzerche",
        "job_title": "Secrétaire générale de mairie",
        "bio": (
            "Secrétaire de mairie depuis 22 ans, en Corrèze. J'ai connu les registres papier, "
            "la M14, puis la M57 et la dématérialisation de tout le reste. J'ai créé ce réseau "
            "pour que plus aucune collègue ne reste seule devant un dossier qu'une autre a déjà "
            "traité cent fois."
        ),
        "skills": ["Budget communal", "État civil", "Élections", "Paie"],
        "interests": ["Formation des nouveaux agents", "Marchés publics", "Dématérialisation"],
        "can_help_with": "Le budget et le compte administratif, les élections, la paie des "
        "agents et des élus, et le moral les jours de conseil municipal.",
        "looking_for": "Des collègues pour relire nos fiches pratiques avant publication.",
        "communities": {"secretaires-de-mairie": "animator"},
    },
    {
        "first": "Sébastien",
        "last": "Muller",
        "gender": "m",
        "email": f"sebastien.muller@{DEMO_DOMAIN}",
        "region": "Grand Est",
        "city": "Eguisheim",
        "organisation": "Mairie d'Eguisheim",
        "job_title": "Secrétaire de mairie",
        "bio": (
            "Ancien comptable dans le privé, je suis devenu secrétaire de mairie il y a huit "
            "ans. Je m'occupe surtout des marchés publics et de l'urbanisme dans une commune "
            "viticole où chaque permis de construire est une petite affaire d'État."
        ),
        "skills": ["Marchés publics", "Urbanisme", "Comptabilité publique"],
        "interests": ["Marchés publics", "Urbanisme", "Intercommunalité"],
        "can_help_with": "Rédiger un règlement de consultation, instruire une déclaration "
        "préalable, préparer une délibération.",
        "looking_for": "Des modèles de conventions de mise à disposition entre communes.",
        "communities": {"secretaires-de-mairie": "co-animator"},
    },
    {
        "first": "Hélène",
        "last": "Marchand",
        "gender": "f",
        "email": f"helene.marchand@{DEMO_DOMAIN}",
        "region": "Hauts-de-France",
        "city": "Lille",
        "organisation": "École élémentaire Jean-Macé, Lille",
        "job_title": "Professeure des écoles, directrice",
        "bio": (
            "Vingt ans de classe, dont dix en pédagogie Freinet, et directrice d'école depuis "
            "quatre ans. La coopérative est née d'un stage où nous nous sommes dit qu'il était "
            "absurde de refaire chacun dans son coin les mêmes fiches, les mêmes progressions, "
            "les mêmes projets."
        ),
        "skills": ["Pédagogie Freinet", "Direction d'école", "Conseil d'élèves"],
        "interests": ["Pédagogie coopérative", "Numérique éducatif", "Éducation populaire"],
        "can_help_with": "Mettre en place un conseil d'élèves, des plans de travail, une "
        "correspondance scolaire.",
        "looking_for": "Des collègues de collège pour construire la liaison CM2-6e.",
        "communities": {"cooperative-enseignants": "animator"},
    },
    {
        "first": "Ronan",
        "last": "Riou",
        "gender": "m",
        "email": f"ronan.riou@{DEMO_DOMAIN}",
        "region": "Bretagne",
        "city": "Brest",
        "organisation": "Collège Anne-Frank, Brest",
        "job_title": "Professeur de technologie",
        "bio": (
            "Professeur de technologie depuis 2009, référent numérique de mon collège. Je "
            "fabrique avec mes élèves des objets utiles pour l'établissement et je partage "
            "tout sous licence libre."
        ),
        "skills": ["Numérique éducatif", "Fabrication numérique", "Logiciels libres"],
        "interests": ["Numérique éducatif", "Pédagogie de projet", "Sobriété numérique"],
        "can_help_with": "Monter un fablab au collège, choisir des outils libres, "
        "l'ENT et ses pièges.",
        "looking_for": "Des projets interdisciplinaires avec les collègues de SVT et de "
        "physique-chimie.",
        "communities": {"cooperative-enseignants": "co-animator"},
    },
]

# People in two communities: the same person, one profile, two memberships.
CROSS_PEOPLE = [
    {
        "first": "Paul",
        "last": "Mercier",
        "gender": "m",
        "email": MEMBER_EMAIL,
        "region": "Nouvelle-Aquitaine",
        "city": "Limoges",
        "organisation": "Mercier Conseil Commande Publique",
        "job_title": "Gérant",
        "bio": (
            "Secrétaire de mairie pendant douze ans en Haute-Vienne, j'ai créé en 2019 un "
            "cabinet qui aide les petites communes à passer leurs marchés publics. Je reste "
            "dans le réseau des secrétaires pour garder les pieds sur terre, et j'ai rejoint "
            "celui des dirigeants pour apprendre à faire grandir une entreprise de quatre "
            "personnes."
        ),
        "skills": ["Marchés publics", "Rédaction de cahiers des charges", "Formation"],
        "interests": ["Marchés publics", "Création d'entreprise", "Intercommunalité"],
        "can_help_with": "Choisir la bonne procédure, rédiger un CCAP, analyser des offres.",
        "looking_for": "Des conseils pour recruter mon premier salarié consultant.",
        "communities": {"dirigeants-pme": "member", "secretaires-de-mairie": "member"},
        "early": True,
    },
    {
        "first": "Sandrine",
        "last": "Fabre",
        "gender": "f",
        "email": f"sandrine.fabre@{DEMO_DOMAIN}",
        "region": "Occitanie",
        "city": "Albi",
        "organisation": "Fabre Archives et Numérisation",
        "job_title": "Gérante",
        "bio": (
            "Archiviste de formation, je dirige une petite entreprise qui classe et numérise "
            "les archives des communes du Tarn et de l'Aveyron. Je vois passer tous les "
            "trésors et tous les cartons oubliés des greniers de mairie."
        ),
        "skills": ["Archivage", "Numérisation", "Gestion documentaire"],
        "interests": ["Dématérialisation", "Création d'entreprise"],
        "can_help_with": "Trier des archives communales, préparer un récolement, "
        "choisir ce qui peut être éliminé.",
        "looking_for": "Des retours sur les logiciels de gestion électronique de documents.",
        "communities": {"dirigeants-pme": "member", "secretaires-de-mairie": "member"},
    },
    {
        "first": "Olivier",
        "last": "Kieffer",
        "gender": "m",
        "email": f"olivier.kieffer@{DEMO_DOMAIN}",
        "region": "Grand Est",
        "city": "Colmar",
        "organisation": "Kieffer Logiciels Publics",
        "job_title": "Président",
        "bio": (
            "Nous éditons des logiciels de gestion pour les mairies rurales : état civil, "
            "cimetières, facturation de l'eau. Quinze salariés à Colmar. J'écoute les "
            "secrétaires de mairie pour construire ce dont elles ont vraiment besoin, sans "
            "jamais faire de démarchage ici."
        ),
        "skills": ["Édition de logiciels", "Gestion de projet", "Service client"],
        "interests": ["Dématérialisation", "Numérique", "Recrutement"],
        "can_help_with": "Comprendre ce qu'un logiciel peut (ou ne peut pas) faire avant "
        "de l'acheter.",
        "looking_for": "Des dirigeants qui ont réussi à recruter des développeurs hors "
        "des grandes villes.",
        "communities": {"dirigeants-pme": "member", "secretaires-de-mairie": "member"},
    },
    {
        "first": "Nathalie",
        "last": "Bousquet",
        "gender": "f",
        "email": f"nathalie.bousquet@{DEMO_DOMAIN}",
        "region": "Bourgogne-Franche-Comté",
        "city": "Dijon",
        "organisation": "Renfort Mairies Bourgogne",
        "job_title": "Fondatrice et gérante",
        "bio": (
            "Ancienne secrétaire de mairie en Côte-d'Or, j'ai fondé une entreprise qui "
            "assure les remplacements et les renforts dans les secrétariats de mairie. Nous "
            "sommes huit, toutes passées par le métier."
        ),
        "skills": ["Remplacement", "Budget communal", "Paie"],
        "interests": ["Formation des nouveaux agents", "Création d'entreprise"],
        "can_help_with": "Organiser un remplacement pendant un congé, préparer un "
        "dossier de passation.",
        "looking_for": "Des échanges avec d'autres dirigeantes de sociétés de services.",
        "communities": {"dirigeants-pme": "member", "secretaires-de-mairie": "member"},
    },
    {
        "first": "Yannick",
        "last": "Le Floch",
        "gender": "m",
        "email": f"yannick.le-floch@{DEMO_DOMAIN}",
        "region": "Bretagne",
        "city": "Quimper",
        "organisation": "Armor Formation Publique",
        "job_title": "Gérant",
        "bio": (
            "Organisme de formation pour les agents des collectivités : marchés publics, "
            "état civil, comptabilité M57. Nous formons chaque année trois cents secrétaires "
            "de mairie en Bretagne et en Pays de la Loire."
        ),
        "skills": ["Formation professionnelle", "Ingénierie pédagogique", "Qualiopi"],
        "interests": ["Formation des nouveaux agents", "Marchés publics"],
        "can_help_with": "Obtenir et garder la certification Qualiopi, construire une "
        "formation courte.",
        "looking_for": "Les sujets sur lesquels les secrétaires de mairie manquent de formation.",
        "communities": {"dirigeants-pme": "member", "secretaires-de-mairie": "member"},
    },
    {
        "first": "Corinne",
        "last": "Lacoste",
        "gender": "f",
        "email": f"corinne.lacoste@{DEMO_DOMAIN}",
        "region": "Nouvelle-Aquitaine",
        "city": "Pau",
        "organisation": "Lacoste Urbanisme Conseil",
        "job_title": "Dirigeante, urbaniste",
        "bio": (
            "Bureau d'études en urbanisme pour les communes rurales du Béarn et du Pays "
            "basque : cartes communales, PLU, accompagnement des autorisations du droit des "
            "sols. Six personnes, beaucoup de kilomètres."
        ),
        "skills": ["Urbanisme", "PLU", "Droit des sols"],
        "interests": ["Urbanisme", "Transition écologique"],
        "can_help_with": "Lire un PLU, préparer une modification simplifiée, instruire un "
        "permis délicat.",
        "looking_for": "Des dirigeants qui ont ouvert une deuxième agence.",
        "communities": {"dirigeants-pme": "member", "secretaires-de-mairie": "member"},
    },
    {
        "first": "Julien",
        "last": "Carpentier",
        "gender": "m",
        "email": f"julien.carpentier@{DEMO_DOMAIN}",
        "region": "Hauts-de-France",
        "city": "Roubaix",
        "organisation": "Robotik Éduc",
        "job_title": "Co-fondateur",
        "bio": (
            "Professeur de technologie pendant dix ans, j'ai co-fondé une PME qui conçoit des "
            "robots pédagogiques fabriqués à Roubaix. Je garde un pied dans la coopérative "
            "parce que nos meilleurs produits viennent des idées des collègues."
        ),
        "skills": ["Robotique", "Numérique éducatif", "Conception produit"],
        "interests": ["Numérique éducatif", "Industrie 4.0", "Création d'entreprise"],
        "can_help_with": "Programmer avec les élèves, choisir un kit de robotique, "
        "passer de l'idée au prototype.",
        "looking_for": "Des classes pour tester nos prototypes, et des conseils pour "
        "lever des fonds.",
        "communities": {"dirigeants-pme": "member", "cooperative-enseignants": "member"},
    },
    {
        "first": "Claire",
        "last": "Dumont",
        "gender": "f",
        "email": f"claire.dumont@{DEMO_DOMAIN}",
        "region": "Île-de-France",
        "city": "Montreuil",
        "organisation": "Éditions du Cartable",
        "job_title": "Fondatrice",
        "bio": (
            "Ancienne professeure de lettres en collège, j'ai fondé une petite maison "
            "d'édition de manuels écrits par des enseignants, sous licence libre. Nous sommes "
            "cinq salariées et une centaine d'auteurs."
        ),
        "skills": ["Édition", "Rédaction", "Gestion d'entreprise"],
        "interests": ["Ressources éducatives libres", "Lecture", "Création d'entreprise"],
        "can_help_with": "Écrire et publier une ressource, comprendre les licences Creative "
        "Commons.",
        "looking_for": "Des enseignants qui veulent écrire, et des dirigeants de maisons "
        "d'édition indépendantes.",
        "communities": {"dirigeants-pme": "member", "cooperative-enseignants": "member"},
    },
    {
        "first": "Mehdi",
        "last": "Haddad",
        "gender": "m",
        "email": f"mehdi.haddad@{DEMO_DOMAIN}",
        "region": "Auvergne-Rhône-Alpes",
        "city": "Grenoble",
        "organisation": "ClasseNum",
        "job_title": "Fondateur et dirigeant",
        "bio": (
            "ClasseNum équipe et forme les écoles au numérique, en privilégiant le matériel "
            "reconditionné et les logiciels libres. Douze salariés à Grenoble."
        ),
        "skills": ["Numérique éducatif", "Logiciels libres", "Reconditionnement"],
        "interests": ["Sobriété numérique", "Numérique éducatif", "Économie circulaire"],
        "can_help_with": "Équiper une école sans exploser le budget de la commune.",
        "looking_for": "Des retours de terrain sur les tablettes en maternelle.",
        "communities": {"dirigeants-pme": "member", "cooperative-enseignants": "member"},
    },
    {
        "first": "Gaëlle",
        "last": "Morvan",
        "gender": "f",
        "email": f"gaelle.morvan@{DEMO_DOMAIN}",
        "region": "Bretagne",
        "city": "Lorient",
        "organisation": "Escales Découverte",
        "job_title": "Gérante",
        "bio": (
            "J'organise des classes de mer et des séjours scolaires sur la côte bretonne "
            "depuis 2014. Ancienne animatrice, j'ai repris l'association pour en faire une "
            "petite entreprise de vingt saisonniers."
        ),
        "skills": ["Séjours scolaires", "Éducation à l'environnement", "Logistique"],
        "interests": ["Éducation à l'environnement", "Pédagogie de projet", "Tourisme"],
        "can_help_with": "Monter une classe de mer, le dossier de sortie avec nuitées, "
        "le budget et les aides.",
        "looking_for": "Des dirigeants qui gèrent une forte saisonnalité.",
        "communities": {"dirigeants-pme": "member", "cooperative-enseignants": "member"},
    },
    {
        "first": "François",
        "last": "Lemoine",
        "gender": "m",
        "email": f"francois.lemoine@{DEMO_DOMAIN}",
        "region": "Normandie",
        "city": "Caen",
        "organisation": "Lemoine Mobilier Scolaire",
        "job_title": "Directeur général",
        "bio": (
            "Troisième génération à la tête de l'entreprise familiale : 38 salariés qui "
            "fabriquent du mobilier scolaire en bois de Normandie. Je viens écouter les "
            "enseignants qui réinventent leur classe."
        ),
        "skills": ["Industrie", "Ameublement", "Transmission familiale"],
        "interests": ["Classes flexibles", "Transmission d'entreprise"],
        "can_help_with": "Aménager une classe avec un petit budget, parler bois et "
        "fabrication française.",
        "looking_for": "Des écoles qui veulent tester un mobilier modulable.",
        "communities": {"dirigeants-pme": "member", "cooperative-enseignants": "member"},
    },
    {
        "first": "Émilie",
        "last": "Brunet",
        "gender": "f",
        "email": f"emilie.brunet@{DEMO_DOMAIN}",
        "region": "Pays de la Loire",
        "city": "Nantes",
        "organisation": "Petits Pas Formation",
        "job_title": "Fondatrice",
        "bio": (
            "Professeure des écoles pendant quinze ans, j'ai créé un organisme de formation "
            "aux pédagogies coopératives pour les enseignants et les animateurs."
        ),
        "skills": ["Formation", "Pédagogie coopérative", "Animation de groupe"],
        "interests": ["Pédagogie coopérative", "Éducation populaire", "Création d'entreprise"],
        "can_help_with": "Animer une formation active, concevoir un atelier d'analyse de "
        "pratiques.",
        "looking_for": "Des conseils pour passer de la micro-entreprise à la SARL.",
        "communities": {"dirigeants-pme": "member", "cooperative-enseignants": "member"},
    },
]

# --- Communities ----------------------------------------------------------------------------

CHARTER_PME = """\
# Charte du Réseau des dirigeants de PME

Le réseau réunit des dirigeantes et des dirigeants de petites et moyennes entreprises qui
veulent s'entraider entre pairs. On y vient pour apprendre des autres, pas pour leur vendre
quelque chose.

## Ce que nous nous engageons à faire
- **Partager nos expériences réelles**, y compris nos erreurs : c'est là qu'on apprend le plus.
- **Répondre quand nous savons** : une expérience de trois lignes vaut mieux qu'un silence.
- **Venir aux rencontres de notre antenne** quand nous le pouvons, et prévenir sinon.

## Confidentialité
Ce qui se dit dans le réseau reste dans le réseau. Les chiffres, les noms de clients, de
salariés ou de fournisseurs cités dans les échanges ne sont jamais repris à l'extérieur sans
l'accord de la personne qui les a partagés.

## Pas de démarchage
Le réseau n'est pas un lieu de prospection. On ne propose ses services que lorsqu'un membre
le demande, et jamais par message privé non sollicité.

## Respect
Nous débattons des idées, jamais des personnes. Les propos agressifs, méprisants ou
discriminatoires entraînent un avertissement, puis une suspension.

## Qui veille à cette charte
L'équipe d'animation (animatrice, co-animateur et modérateurs) veille au respect de la
charte. Vous pouvez lui écrire pour toute question ou tout signalement.
"""

CHARTER_MAIRIES_V1 = """\
# Charte des Secrétaires de mairie en réseau

Nous sommes secrétaires de mairie, souvent seules ou seuls dans notre commune. Ce réseau
existe pour que personne ne reste sans réponse devant un dossier.

## L'entraide d'abord
- Toute question est légitime, même « basique » : nous avons toutes et tous débuté.
- Quand vous répondez, citez vos sources (texte, circulaire, guide) : le droit change vite.
- Quand votre question est résolue, dites-le et résumez la solution pour les suivants.

## Respect des élus et des administrés
Nous parlons de dossiers, pas de personnes. On ne critique pas nommément un maire, un élu ou
un administré, même sous le coup de l'agacement.

## Neutralité
Le réseau est apolitique. Les débats partisans n'y ont pas leur place, y compris en période
électorale.

## Modèles et documents partagés
Les modèles partagés (délibérations, arrêtés, courriers) sont libres de réutilisation entre
membres. Vérifiez-les toujours avant usage : ils engagent votre commune, pas leur auteur.

## Modération
L'animatrice, le co-animateur et les modérateurs peuvent déplacer, modifier ou retirer un
message contraire à cette charte, et en expliquent la raison à son auteur.
"""

CHARTER_MAIRIES_V2 = """\
# Charte des Secrétaires de mairie en réseau

Nous sommes secrétaires de mairie, souvent seules ou seuls dans notre commune. Ce réseau
existe pour que personne ne reste sans réponse devant un dossier.

## L'entraide d'abord
- Toute question est légitime, même « basique » : nous avons toutes et tous débuté.
- Quand vous répondez, citez vos sources (texte, circulaire, guide) : le droit change vite.
- Quand votre question est résolue, dites-le et résumez la solution pour les suivants.

## Respect des élus et des administrés
Nous parlons de dossiers, pas de personnes. On ne critique pas nommément un maire, un élu ou
un administré, même sous le coup de l'agacement.

## Données personnelles des administrés
Le réseau est ouvert et ses échanges sont publics. **Ne publiez jamais de données
personnelles** : nom, adresse, acte d'état civil, situation familiale ou fiscale d'un
administré. Anonymisez les exemples (« Mme X., née en 1950 ») et retirez les pièces jointes
qui en contiennent. En cas de doute, posez la question sans le document.

## Neutralité
Le réseau est apolitique. Les débats partisans n'y ont pas leur place, y compris en période
électorale.

## Modèles et documents partagés
Les modèles partagés (délibérations, arrêtés, courriers) sont libres de réutilisation entre
membres. Indiquez la date et les textes sur lesquels ils s'appuient ; vérifiez-les toujours
avant usage : ils engagent votre commune, pas leur auteur.

## Modération
L'animatrice, le co-animateur et les modérateurs peuvent déplacer, modifier ou retirer un
message contraire à cette charte, et en expliquent la raison à son auteur. Un message
contenant des données personnelles est retiré sans préavis.
"""

CHARTER_ENSEIGNANTS = """\
# Charte de la Coopérative des enseignants

La coopérative réunit des enseignantes et des enseignants, de la maternelle au lycée, qui
préfèrent construire ensemble plutôt que refaire chacun de son côté.

## Coopérer
- **Chacun apporte et chacun emprunte.** Il n'y a pas de petite contribution : une fiche,
  un retour de classe, une question bien posée font avancer tout le monde.
- **Ce qui est partagé ici l'est sous licence CC BY-SA** : réutilisable et modifiable,
  en citant l'auteur et en partageant à son tour.

## Protéger les élèves
Aucun nom, aucune photo, aucun travail d'élève identifiable. Les exemples de productions
sont anonymisés, les visages floutés ou absents.

## Respecter les pratiques des autres
Chacun enseigne à sa façon. Nous discutons des pratiques avec curiosité, sans jugement ni
dogme, et sans dénigrer les collègues, les parents ou l'institution.

## Entrée par invitation
On entre dans la coopérative sur l'invitation d'un membre, qui se porte garant de l'esprit
de cette charte. Invitez les collègues avec qui vous aimeriez travailler.

## Modération
L'équipe d'animation veille au respect de la charte et peut retirer un contenu qui ne la
respecte pas, en expliquant pourquoi.
"""

COMMUNITIES = [
    {
        "slug": "dirigeants-pme",
        "name": "Réseau des dirigeants de PME",
        "purpose": "Entre dirigeants de PME, partager ce qui marche, ce qui rate, et ne plus "
        "décider seul.",
        "audience": "Dirigeantes et dirigeants de PME et de TPE, fondateurs comme repreneurs.",
        "description": (
            "Le réseau réunit des dirigeants de PME de toute la France, de 3 à 250 "
            "salariés, dans tous les secteurs.\n\n"
            "- **Des antennes régionales** qui se retrouvent chaque trimestre, chez l'un "
            "ou l'autre.\n"
            "- **Des groupes thématiques** : recrutement, transmission, transition "
            "écologique.\n"
            "- **Un annuaire** pour trouver le pair qui a déjà vécu votre situation.\n\n"
            "L'entrée se fait sur demande : l'équipe d'animation vérifie que chaque "
            "nouveau membre dirige bien une entreprise, pour que l'on reste entre pairs."
        ),
        "entry_mode": "request",
        "visibility": "members",
        "welcome_message": (
            "Bienvenue dans le réseau ! Commencez par compléter votre profil (ce que vous "
            "pouvez apporter, ce que vous cherchez), puis rejoignez l'antenne de votre "
            "région. À très vite en rencontre."
        ),
        "charter": CHARTER_PME,
        "founded_days_ago": 362,
        "size": 58,
        "channels": {"email": 0.5, "request": 0.5},
        "local_groups": [
            (
                "Antenne Bretagne",
                "Bretagne",
                "Les dirigeants de PME bretons : une rencontre par trimestre, chez un "
                "membre, avec visite de l'entreprise.",
            ),
            (
                "Antenne Auvergne-Rhône-Alpes",
                "Auvergne-Rhône-Alpes",
                "Petits-déjeuners mensuels à Lyon et rencontres trimestrielles tournantes "
                "entre Grenoble, Saint-Étienne et Clermont-Ferrand.",
            ),
            (
                "Antenne Occitanie",
                "Occitanie",
                "Toulouse, Montpellier et tout le reste de la région : rencontres en visio "
                "chaque mois, en vrai deux fois par an.",
            ),
        ],
        "thematic_groups": [
            (
                "Recrutement et fidélisation",
                "Trouver, intégrer et garder les bonnes personnes quand on n'a pas de service RH.",
                ["Recrutement", "Apprentissage", "Management"],
            ),
            (
                "Transmission d'entreprise",
                "Préparer la transmission ou la reprise : valorisation, financement, "
                "accompagnement du cédant et du repreneur.",
                ["Transmission d'entreprise", "Reprise d'entreprise"],
            ),
            (
                "Transition écologique",
                "Bilan carbone, sobriété énergétique, achats responsables : ce que les PME "
                "font vraiment, chiffres à l'appui.",
                ["Transition écologique", "Économie circulaire", "RSE"],
            ),
        ],
        "links": [
            # (days after founding, days valid, max uses, uses, local group index or None)
            (150, 30, 20, 5, 0),
            (262, 21, 15, 4, None),
        ],
        "roles": [("co-animator", 32), ("moderator", 95), ("moderator", 210)],
        "group_days": [40, 75, 140, 60, 180, 230],  # local groups, then thematic groups
        "pending_invitations": 2,
        "expired_invitations": 3,
        "revoked_invitations": 1,
        "pending_requests": 3,
        "declined_requests": 1,
        "leavers": [75],  # days before the anchor
    },
    {
        "slug": "secretaires-de-mairie",
        "name": "Secrétaires de mairie en réseau",
        "purpose": "Aucune secrétaire de mairie seule devant un dossier : on se pose les "
        "questions, on partage les réponses.",
        "audience": "Secrétaires de mairie et agents des petites communes, titulaires, "
        "contractuels ou remplaçants.",
        "description": (
            "Dans une commune de 300 habitants, la secrétaire de mairie fait tout : "
            "accueil, état civil, urbanisme, budget, paie, élections, marchés publics. "
            "Souvent seule.\n\n"
            "Ici, on pose ses questions, on partage ses modèles de délibérations et "
            "d'arrêtés, on se prévient des changements de réglementation.\n\n"
            "Le réseau est **ouvert à toutes et à tous** et ses échanges sont publics : "
            "ne publiez jamais de données personnelles d'administrés."
        ),
        "entry_mode": "open",
        "visibility": "public",
        "welcome_message": (
            "Bienvenue parmi nous ! Présentez-vous en quelques lignes sur votre profil "
            "(commune, ancienneté, ce que vous maîtrisez), et n'hésitez pas à poser votre "
            "première question : il n'y a pas de question bête."
        ),
        "charter": CHARTER_MAIRIES_V1,
        "new_charter": (
            CHARTER_MAIRIES_V2,
            "Ajout d'une règle sur les données personnelles des administrés ; précisions "
            "sur les modèles partagés.",
            9,  # days before the anchor
        ),
        "founded_days_ago": 349,
        "size": 62,
        "channels": {"join": 0.6, "email": 0.4},
        "local_groups": [
            (
                "Antenne Nouvelle-Aquitaine",
                "Nouvelle-Aquitaine",
                "Les secrétaires de mairie de Nouvelle-Aquitaine, de la Corrèze au Pays "
                "basque. Un café-échange en visio le premier mardi du mois.",
            ),
            (
                "Antenne Grand Est",
                "Grand Est",
                "Alsace, Lorraine, Champagne-Ardenne : entraide et particularités du droit "
                "local alsacien-mosellan.",
            ),
            (
                "Antenne Bourgogne-Franche-Comté",
                "Bourgogne-Franche-Comté",
                "Rencontres entre collègues de la région, en lien avec les centres de gestion.",
            ),
        ],
        "thematic_groups": [
            (
                "Marchés publics",
                "Procédures, seuils, modèles de pièces : passer un marché sans service juridique.",
                ["Marchés publics"],
            ),
            (
                "État civil et élections",
                "Actes, mentions, mariages, listes électorales et organisation des scrutins.",
                ["État civil", "Élections"],
            ),
            (
                "Budget et M57",
                "Préparation budgétaire, passage à la M57, amortissements et fin d'exercice.",
                ["Budget communal", "Comptabilité publique", "M57"],
            ),
            (
                "Urbanisme",
                "Autorisations du droit des sols, PLU, cartes communales : instruire et "
                "répondre aux pétitionnaires.",
                ["Urbanisme", "Droit des sols"],
            ),
        ],
        "links": [
            (95, 45, 50, 7, None),
            (240, 30, 40, 5, 1),
        ],
        "roles": [("co-animator", 55), ("moderator", 120), ("moderator", 250)],
        "group_days": [60, 90, 160, 25, 50, 110, 200],
        "pending_invitations": 2,
        "expired_invitations": 3,
        "revoked_invitations": 0,
        "pending_requests": 0,
        "declined_requests": 0,
        "leavers": [],
    },
    {
        "slug": "cooperative-enseignants",
        "name": "Coopérative des enseignants",
        "purpose": "Construire ensemble nos séquences, nos projets et nos outils, au lieu de "
        "tout refaire chacun dans son coin.",
        "audience": "Enseignantes et enseignants de la maternelle au lycée, invités par un membre.",
        "description": (
            "La coopérative est née d'un stage de pédagogie coopérative en 2024. Nous y "
            "partageons :\n\n"
            "- des **séquences et des outils** sous licence libre ;\n"
            "- des **retours de classe**, ce qui a marché et ce qui a raté ;\n"
            "- des **projets entre classes** de régions différentes.\n\n"
            "On y entre sur invitation d'un membre."
        ),
        "entry_mode": "invitation",
        "visibility": "members",
        "welcome_message": (
            "Bienvenue dans la coopérative ! Dites sur votre profil ce que vous enseignez "
            "et ce que vous cherchez, puis rejoignez un groupe thématique. Et pensez à "
            "inviter les collègues avec qui vous aimeriez coopérer."
        ),
        "charter": CHARTER_ENSEIGNANTS,
        "founded_days_ago": 331,
        "size": 44,
        "channels": {"email": 1.0},
        "local_groups": [
            (
                "Antenne Hauts-de-France",
                "Hauts-de-France",
                "Rencontres à Lille un mercredi après-midi par mois, ouvertes aux collègues "
                "de tout le Nord et du Pas-de-Calais.",
            ),
            (
                "Antenne Île-de-France",
                "Île-de-France",
                "Les coopérateurs franciliens : ateliers d'échange de pratiques et "
                "visites de classes.",
            ),
            (
                "Antenne Bretagne",
                "Bretagne",
                "Correspondances entre classes bretonnes et rencontres pendant les vacances.",
            ),
        ],
        "thematic_groups": [
            (
                "Numérique éducatif",
                "Outils libres, ENT, robotique, éducation aux médias : ce qui sert "
                "vraiment les apprentissages.",
                ["Numérique éducatif", "Sobriété numérique", "Logiciels libres"],
            ),
            (
                "Pédagogie coopérative",
                "Conseils d'élèves, plans de travail, tutorat, ceintures de compétences.",
                ["Pédagogie coopérative", "Pédagogie Freinet", "Éducation populaire"],
            ),
            (
                "Inclusion scolaire",
                "Accueillir tous les élèves : adaptations, AESH, dispositifs ULIS, "
                "différenciation.",
                ["Inclusion scolaire", "Différenciation"],
            ),
        ],
        "links": [
            (60, 14, 25, 6, None),
            (205, 30, 15, 4, 0),
        ],
        "roles": [("co-animator", 20), ("moderator", 150)],
        "group_days": [90, 130, 170, 45, 60, 200],
        "pending_invitations": 3,
        "expired_invitations": 2,
        "revoked_invitations": 0,
        "pending_requests": 0,
        "declined_requests": 0,
        "leavers": [130],
    },
]

# How many people arrive in each of the twelve months after the founding month (relative
# weights): word of mouth accelerates, summer holidays slow everything down (see AUGUST).
MONTHLY_GROWTH = [1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 8, 9]
AUGUST_SLOWDOWN = 0.3

# --- Generated people, per community --------------------------------------------------------

# Dirigeants de PME: (organisation templates, activity, skills)
PME_SECTORS = [
    (["Menuiserie {last}", "Atelier Bois {last}"], "menuiserie sur mesure et agencement",
     ["Menuiserie", "Artisanat"]),
    (["Transports {last}", "{last} Logistique"], "transport routier et logistique",
     ["Logistique", "Transport"]),
    (["Boulangerie {last}", "Fournil {last}"], "boulangerie artisanale, trois boutiques",
     ["Commerce de proximité", "Artisanat"]),
    (["Imprimerie {last}", "{last} Impressions"], "impression et façonnage",
     ["Imprimerie", "Industrie"]),
    (["Métallerie {last}", "{last} Serrurerie"], "métallerie et serrurerie du bâtiment",
     ["Bâtiment", "Industrie"]),
    (["{last} Bâtiment", "Entreprise {last} et Fils"], "gros œuvre et rénovation",
     ["Bâtiment", "Rénovation énergétique"]),
    (["{last} Informatique", "Agence {last} Web"], "services informatiques aux TPE",
     ["Numérique", "Cybersécurité"]),
    (["Conserverie {last}", "Biscuiterie {last}"], "agroalimentaire artisanal",
     ["Agroalimentaire", "Circuits courts"]),
    (["Brasserie {last}"], "brasserie artisanale et bar de dégustation",
     ["Agroalimentaire", "Commerce"]),
    (["{last} Paysages", "Jardins {last}"], "création et entretien d'espaces verts",
     ["Paysage", "Environnement"]),
    (["{last} Électricité", "Électricité Générale {last}"], "électricité et domotique",
     ["Bâtiment", "Énergie"]),
    (["Cabinet {last}"], "expertise comptable pour les artisans",
     ["Comptabilité", "Gestion financière"]),
    (["Garage {last}"], "réparation automobile et vente de véhicules d'occasion",
     ["Automobile", "Commerce"]),
    (["{last} Usinage", "Mécanique {last}"], "usinage de pièces pour l'industrie",
     ["Industrie", "Lean management"]),
    (["Atelier {last}", "Tissages {last}"], "confection textile made in France",
     ["Textile", "Fabrication française"]),
    (["{last} Nettoyage Services"], "propreté et services aux entreprises",
     ["Services", "Management d'équipes"]),
]  # fmt: skip

PME_JOBS = [
    ("Gérant", "Gérante"),
    ("Président", "Présidente"),
    ("Directeur général", "Directrice générale"),
    ("Co-fondateur", "Co-fondatrice"),
    ("Dirigeant", "Dirigeante"),
    ("Gérant associé", "Gérante associée"),
]

PME_BIOS = [
    "Je dirige {org} {a_city} depuis {since} : {activity}, {staff} salariés. {extra}",
    "[Repreneur|Repreneuse] {de_org} en {since}, après quinze ans comme [salarié|salariée] "
    "dans le secteur. {activity_cap}, {staff} personnes aujourd'hui. {extra}",
    "[Fondateur|Fondatrice] {de_org} en {since}, {a_city}. Notre métier : {activity}. Nous "
    "sommes {staff} salariés. {extra}",
    "Deuxième génération à la tête {de_org} ({activity}). {staff} salariés, des clients "
    "fidèles et une transmission à préparer un jour. {extra}",
    "{activity_cap} {a_city}. J'ai repris {org} avec mon associé en {since} ; nous sommes "
    "{staff}. {extra}",
]

PME_EXTRAS = [
    "Le recrutement est devenu mon premier sujet de préoccupation.",
    "J'aimerais transmettre l'entreprise à mes salariés d'ici cinq ans.",
    "Nous venons de faire notre premier bilan carbone, et j'ai beaucoup de questions.",
    "J'ai rejoint le réseau pour sortir de la solitude du dirigeant.",
    "Je cherche à structurer l'entreprise sans perdre l'esprit d'équipe.",
    "Nous exportons depuis deux ans vers la Belgique et l'Allemagne.",
    "Passionné[|e] de formation, nous accueillons chaque année quatre apprentis.",
    "Je prépare une croissance externe et j'ai besoin de regards extérieurs.",
    "",
]

PME_SKILLS = [
    "Management", "Gestion financière", "Négociation", "Recrutement", "Export",
    "Marketing", "Vente", "Levée de fonds", "Droit social", "Gestion de crise",
    "Achats", "Stratégie", "Reprise d'entreprise", "Lean management",
]  # fmt: skip
PME_INTERESTS = [
    "Recrutement", "Transmission d'entreprise", "Transition écologique", "Apprentissage",
    "Économie circulaire", "RSE", "Industrie 4.0", "Export", "Qualité de vie au travail",
    "Innovation", "Financement", "Management",
]  # fmt: skip

PME_HELP = [
    "Négocier avec la banque un prêt de développement.",
    "Recruter sans service RH : annonces, entretiens, intégration.",
    "Mettre en place un tableau de bord de trésorerie simple.",
    "Passer des entretiens annuels qui servent vraiment.",
    "Répondre à un appel d'offres public quand on est une petite entreprise.",
    "Accueillir et former des apprentis.",
    "Racheter un concurrent : les étapes et les pièges.",
    "Faire un premier bilan carbone sans se ruiner.",
    "Gérer un salarié en difficulté, ou un conflit dans l'équipe.",
    "Choisir un logiciel de gestion commerciale.",
]
PME_LOOKING = [
    "Des retours sur l'intéressement et la participation dans une PME.",
    "Un binôme de dirigeant pour échanger une fois par mois.",
    "Des conseils pour préparer la transmission à mes enfants.",
    "Des fournisseurs locaux recommandés par des pairs.",
    "Des dirigeants qui ont réussi à passer aux 4 jours.",
    "Comment d'autres ont structuré leur équipe d'encadrement.",
    "Des témoignages sur l'ouverture d'un deuxième site.",
    "Des idées pour fidéliser les salariés sans augmenter tous les salaires.",
    "Des entreprises qui ont réduit leur facture d'énergie de plus de 20 %.",
]

PME_REQUEST_MOTIVATIONS = [
    "Je dirige {org} {a_city} et je cherche à échanger avec d'autres dirigeants sur le "
    "recrutement et la croissance.",
    "[Repreneur|Repreneuse] {de_org} depuis peu, j'ai besoin de pairs à qui poser les questions "
    "que je ne peux poser ni à mes salariés ni à ma banque.",
    "Un membre de l'antenne m'a parlé du réseau lors d'une soirée de la CCI : j'aimerais "
    "participer aux rencontres de ma région.",
    "À la tête {de_org}, une entreprise familiale, je prépare la transmission et j'aimerais "
    "profiter de l'expérience de ceux qui l'ont déjà faite.",
]
# The one request declined: a consultant who wanted to sell his services (the charter forbids it).
PME_DECLINED = {
    "first": "Jérôme",
    "last": "Vasseur",
    "gender": "m",
    "region": "Île-de-France",
    "city": "Paris",
    "organisation": "Vasseur Croissance Conseil",
    "job_title": "Consultant en développement commercial",
    "motivation": (
        "Consultant indépendant, j'accompagne les dirigeants de PME dans leur développement "
        "commercial. Je serais ravi de présenter mon offre d'accompagnement aux membres du "
        "réseau."
    ),
    "reason": (
        "Merci pour votre intérêt. Le réseau est réservé aux dirigeants d'entreprise qui "
        "viennent échanger entre pairs, et notre charte exclut le démarchage : nous ne "
        "pouvons pas donner suite à votre demande."
    ),
}

# Secrétaires de mairie
MAIRIE_JOBS = [
    ("Secrétaire de mairie", "Secrétaire de mairie"),
    ("Secrétaire de mairie", "Secrétaire de mairie"),
    ("Secrétaire général de mairie", "Secrétaire générale de mairie"),
    ("Adjoint administratif", "Adjointe administrative"),
    ("Rédacteur territorial", "Rédactrice territoriale"),
    ("Secrétaire de mairie itinérant", "Secrétaire de mairie itinérante"),
]
MAIRIE_BIOS = [
    "Secrétaire de mairie depuis {years} ans {a_commune}, seul[|e] au secrétariat : accueil, "
    "état civil, urbanisme, budget, paie, élections… On fait tout, et c'est ce qui me plaît.",
    "J'ai pris mon poste {a_commune} il y a {years} ans après une reconversion (j'étais "
    "[assistant|assistante] de direction dans le privé). Le réseau m'a beaucoup aidé[|e] la "
    "première année.",
    "Je partage mon temps entre les mairies {de_commune} et {de_commune2} : deux conseils "
    "municipaux, deux budgets, et deux fois plus de questions !",
    "En poste {a_commune} depuis {years} ans. Je m'intéresse surtout aux finances et à la "
    "commande publique, un peu moins aux cimetières.",
    "[Arrivé|Arrivée] {a_commune} il y a {years} ans, après un remplacement qui devait durer "
    "trois mois. Je ne suis jamais reparti[|e].",
    "Secrétaire de mairie {a_commune}, {years} ans d'ancienneté, [formé|formée] par le centre "
    "de gestion. J'aime l'état civil et je redoute les élections.",
]
MAIRIE_SKILLS = [
    "État civil", "Élections", "Budget communal", "Comptabilité publique", "M57", "Paie",
    "Marchés publics", "Urbanisme", "Droit des sols", "Cimetières", "Ressources humaines",
    "Accueil du public", "Conseil municipal", "Délibérations", "Recensement",
]  # fmt: skip
MAIRIE_INTERESTS = [
    "Marchés publics", "Dématérialisation", "Intercommunalité", "Urbanisme",
    "Formation des nouveaux agents", "Élections", "État civil", "Archives", "M57",
    "Relations avec les élus", "Cimetières",
]  # fmt: skip
MAIRIE_HELP = [
    "Préparer le budget primitif et le compte administratif.",
    "Rédiger une délibération ou un arrêté du maire.",
    "Organiser les élections : listes, bureaux de vote, procurations.",
    "Les actes d'état civil et les mentions marginales.",
    "Instruire une déclaration préalable ou un certificat d'urbanisme.",
    "Passer à la M57 sans douleur.",
    "La gestion des concessions funéraires et la reprise de tombes abandonnées.",
    "Le recensement de la population, de la préparation au bilan.",
    "La paie des agents et les indemnités des élus.",
    "Accueillir un nouveau maire après les élections.",
]
MAIRIE_LOOKING = [
    "Un modèle de règlement de cimetière récent.",
    "Des collègues qui ont dématérialisé les demandes d'urbanisme.",
    "Des conseils pour préparer un premier marché de travaux.",
    "Quelqu'un qui a déjà organisé la reprise de concessions abandonnées.",
    "Une collègue de ma région pour échanger régulièrement.",
    "Des retours sur les logiciels de gestion de l'état civil.",
    "Des modèles de délibérations pour la M57.",
    "Des astuces pour gérer l'accueil quand je suis seule au secrétariat.",
]

# Enseignants: (organisation template, job (m, f), subject interest)
SCHOOL_NAMES = [
    "Jean-Moulin", "Jules-Ferry", "Victor-Hugo", "Louise-Michel", "Jean-Jaurès",
    "Simone-Veil", "Marie-Curie", "Pablo-Picasso", "Jacques-Prévert", "Paul-Éluard",
    "Condorcet", "Albert-Camus", "Pauline-Kergomard", "Olympe-de-Gouges", "Jean-de-La-Fontaine",
    "Georges-Brassens", "Camille-Claudel", "Rosa-Parks",
]  # fmt: skip
TEACHER_POSTS = [
    ("École élémentaire {school}", ("Professeur des écoles", "Professeure des écoles"),
     "Pédagogie coopérative"),
    ("École maternelle {school}", ("Professeur des écoles", "Professeure des écoles"),
     "Maternelle"),
    ("École primaire {school}", ("Directeur d'école", "Directrice d'école"),
     "Direction d'école"),
    ("Collège {school}", ("Professeur de mathématiques", "Professeure de mathématiques"),
     "Mathématiques"),
    ("Collège {school}", ("Professeur de lettres", "Professeure de lettres"), "Lecture"),
    ("Collège {school}", ("Professeur d'histoire-géographie", "Professeure d'histoire-géographie"),
     "Histoire"),
    ("Collège {school}", ("Professeur de SVT", "Professeure de SVT"),
     "Éducation à l'environnement"),
    ("Collège {school}", ("Professeur documentaliste", "Professeure documentaliste"),
     "Éducation aux médias"),
    ("Collège {school}", ("Enseignant spécialisé (ULIS)", "Enseignante spécialisée (ULIS)"),
     "Inclusion scolaire"),
    ("Lycée {school}", ("Professeur de physique-chimie", "Professeure de physique-chimie"),
     "Sciences"),
    ("Lycée {school}", ("Professeur d'anglais", "Professeure d'anglais"), "Langues vivantes"),
    ("Lycée {school}", ("Professeur de philosophie", "Professeure de philosophie"), "Débat"),
    ("Lycée professionnel {school}",
     ("Professeur de lettres-histoire", "Professeure de lettres-histoire"),
     "Voie professionnelle"),
    ("Circonscription {de_city}", ("Conseiller pédagogique", "Conseillère pédagogique"),
     "Formation des enseignants"),
]  # fmt: skip
TEACHER_BIOS = [
    "{job} depuis {years} ans, en poste {a_city}. {practice} {extra}",
    "J'enseigne depuis {years} ans, dont les {recent} dernières {a_city}. {practice} {extra}",
    "{practice} J'ai rejoint la coopérative pour ne plus bricoler seul[|e] le soir. {extra}",
    "[Entré|Entrée] dans le métier après une première carrière dans l'industrie, je suis "
    "en poste {a_city} depuis {recent} ans. {practice} {extra}",
]
TEACHER_PRACTICES = [
    "En classe, je travaille avec des plans de travail et un conseil d'élèves hebdomadaire.",
    "Je fais beaucoup de pédagogie de projet, avec des productions réelles pour de vrais "
    "destinataires.",
    "Ma classe correspond avec une classe du Québec depuis trois ans.",
    "J'essaie de différencier sans m'épuiser, et ce n'est pas simple.",
    "J'utilise des ceintures de compétences en grammaire et en calcul.",
    "Je pratique le débat philosophique avec les élèves chaque semaine.",
    "Je m'intéresse aux outils numériques libres et à l'éducation aux médias.",
    "J'accueille plusieurs élèves à besoins particuliers et j'apprends tous les jours.",
]
TEACHER_EXTRAS = [
    "Je cherche des collègues pour des projets entre classes.",
    "Toujours partant[|e] pour un échange de séquences.",
    "[Formateur|Formatrice] occasionnel[|le] sur la gestion de classe.",
    "",
    "",
]
TEACHER_SKILLS = [
    "Plans de travail", "Conseil d'élèves", "Pédagogie de projet", "Différenciation",
    "Évaluation par compétences", "Correspondance scolaire", "Tutorat entre élèves",
    "Débat philosophique", "Éducation aux médias", "Classe dehors", "Gestion de classe",
    "Ateliers d'écriture", "Logiciels libres",
]  # fmt: skip
TEACHER_INTERESTS = [
    "Pédagogie coopérative", "Numérique éducatif", "Inclusion scolaire", "Pédagogie Freinet",
    "Éducation populaire", "Sobriété numérique", "Éducation à l'environnement",
    "Ressources éducatives libres", "Classe dehors", "Différenciation", "Logiciels libres",
]  # fmt: skip
TEACHER_HELP = [
    "Démarrer un conseil d'élèves, avec des outils prêts à l'emploi.",
    "Monter une correspondance scolaire, y compris à l'étranger.",
    "Construire des plans de travail différenciés.",
    "Utiliser des outils numériques libres en classe.",
    "Évaluer par compétences sans y passer ses week-ends.",
    "Organiser une classe dehors une demi-journée par semaine.",
    "Accueillir un élève avec un trouble du spectre autistique.",
    "Mener un débat philosophique avec des élèves de cycle 3.",
]
TEACHER_LOOKING = [
    "Une classe de CM2 pour préparer la liaison avec mes 6e.",
    "Des séquences d'éducation aux médias pour le collège.",
    "Des collègues pour un projet sciences et environnement entre trois régions.",
    "Des retours sur les ceintures de compétences en mathématiques.",
    "Des idées pour impliquer les parents dans la vie de la classe.",
    "Des outils de différenciation en lecture au cycle 2.",
    "Une classe correspondante en Bretagne ou dans le Nord.",
]

INVITATION_MESSAGES = [
    "Bonjour {first}, je t'invite à rejoindre {community} : on y échange sur tout ce dont "
    "on parlait l'autre jour. Tu y trouveras des gens très bien.",
    "{first}, comme promis, voici l'invitation. Je pense que ton expérience intéressera "
    "beaucoup de monde.",
    "Bonjour {first}, suite à notre échange, je vous invite dans {community}. Au plaisir "
    "de vous y retrouver !",
    "Je t'ai parlé de ce réseau à la dernière rencontre : voici ton invitation. À bientôt !",
    "",
    "",
]

WELCOME_DECISIONS = [
    "Bienvenue ! Pensez à rejoindre l'antenne de votre région.",
    "Ravie de vous accueillir, à bientôt en rencontre.",
    "",
    "",
]

# --- Discussions ----------------------------------------------------------------------------
# Per community: its categories, then what people write. `subjects` are questions and
# discussions (a subject may come back later in the year under its second title); `answers`
# are the replies that fit the subject, before the generic `replies` of the community. A
# debate is framed by the animator and its replies take sides. An announcement may say when
# it is published: a month (7: before the summer break) or "charter" (with the new charter).
# Texts use `[m|f]` for the writer's gender and `{a_city}` for "à <their town>". Bodies are
# Markdown.

OPENERS = [
    "Bonjour à tous,", "Bonjour,", "Bonjour à toutes et à tous,", "", "", "Hello,",
    "Petite question du jour.",
]  # fmt: skip
CLOSERS = {
    "question": [
        "Merci d'avance pour vos retours !", "Toute piste est bienvenue.", "Merci !",
        "Je suis preneu[r|se] de vos expériences.", "",
    ],
    "discussion": [
        "Qu'en pensez-vous ?", "Curieu[x|se] d'avoir vos avis.", "", "À vous de raconter !",
    ],
}  # fmt: skip
REPLY_LEADS = [
    "", "", "", "Bonjour {first},", "Même situation chez nous {a_city}.",
    "Bonne question.", "Je partage notre expérience {a_city} :", "Merci {first} pour la question.",
]  # fmt: skip
COMMON_REPLIES = [
    "Merci pour ce partage, je garde ça sous le coude.",
    "Même question de mon côté : je suis le sujet avec intérêt.",
    "C'est exactement notre situation. Je serais ravi[|e] d'en parler de vive voix à la "
    "prochaine rencontre.",
    "Très utile, merci. Je transmets à ma collègue qui s'en occupe.",
    "Je n'ai pas de solution miracle, mais je confirme : on a eu le même souci l'an dernier.",
    "Je vous envoie un message privé avec un document qui pourrait aider.",
]
ASKER_THANKS = [
    "Merci {first}, c'est exactement ce qu'il me fallait.",
    "Merci beaucoup, je teste ça cette semaine et je vous redis.",
    "Merci à tous ! {first}, ta réponse m'a débloqué[|e].",
    "Parfait, merci. Je marque ta réponse comme la solution.",
]
ANNOUNCEMENT_THANKS = [
    "Merci pour l'organisation !", "Je serai là.", "Super nouvelle, merci.",
    "Inscrit[|e] ! Hâte de vous retrouver.",
]  # fmt: skip
IDEA_REPLIES = [
    "Excellente idée, je vote pour.",
    "Je suis partant[|e] pour donner un coup de main.",
    "Bonne idée, mais qui aura le temps de s'en occuper ? Il faudrait un petit groupe.",
    "Oui ! On en parlait justement à la dernière rencontre.",
]

DISCUSSIONS = {
    "dirigeants-pme": {
        "categories": [
            ("Entraide", "Une question, un problème concret : les pairs répondent."),
            ("Ressources humaines", "Recruter, former, fidéliser, rémunérer."),
            ("Retours d'expérience", "Ce qui a marché, ce qui a raté : on raconte."),
            ("Vie du réseau", "Rencontres, annonces et idées pour le réseau."),
        ],
        "subjects": [
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Recrutement"],
                "titles": [
                    "Recruter un technicien de maintenance quand personne ne répond",
                    "Technicien introuvable : vos pistes de recrutement ?",
                ],
                "body": "Mon annonce pour un technicien de maintenance tourne depuis trois "
                "mois sans une seule candidature sérieuse. France Travail, Indeed, le "
                "bouche-à-oreille : rien. Vous passez par quoi, aujourd'hui, pour recruter des "
                "profils techniques ?",
                "answers": [
                    "Nous avons arrêté les annonces classiques : on forme nous-mêmes en "
                    "**alternance**, avec le lycée professionnel voisin. C'est deux ans "
                    "d'investissement, mais les trois apprentis sont restés.",
                    "Essayez la **préparation opérationnelle à l'emploi** avec France "
                    "Travail : elle finance la formation de candidats motivés avant "
                    "l'embauche. On a recruté deux soudeurs comme ça.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Trésorerie"],
                "titles": [
                    "Trésorerie tendue : affacturage ou découvert autorisé ?",
                    "Un gros client paie à 75 jours, comment tenir ?",
                ],
                "body": "Un client qui représente 30 % de notre chiffre d'affaires vient de "
                "passer ses paiements à 75 jours. Ma banque me propose de l'affacturage, mon "
                "expert-comptable préfère négocier un découvert. Qu'avez-vous choisi ?",
                "answers": [
                    "L'affacturage nous a sauvés en 2022, mais regardez le coût total : "
                    "commission **plus** intérêts, on arrivait à près de 3 %. Et relisez bien "
                    "la clause de recours.",
                    "Rappelez-lui d'abord la loi : 60 jours maximum. On a obtenu un retour à "
                    "45 jours avec un simple courrier courtois qui citait le Code de commerce.",
                ],
            },
            {
                "kind": "question",
                "cat": 2,
                "tags": ["Transmission d'entreprise"],
                "titles": [
                    "Préparer la transmission de l'entreprise : par où commencer ?",
                    "Transmission dans cinq ans : trop tôt pour s'y mettre ?",
                ],
                "body": "J'ai 58 ans et pas de repreneur dans la famille. Mon comptable me dit "
                "qu'il faut cinq à sept ans pour bien transmettre. Ceux qui sont passés par "
                "là : quelle a été votre première étape ?",
                "answers": [
                    "Faites évaluer l'entreprise par quelqu'un d'indépendant, ne serait-ce "
                    "que pour vous confronter à la réalité. Ensuite, la bourse des repreneurs "
                    "de la CCI fonctionne plutôt bien.",
                    "Pensez à la reprise par les salariés. Chez nous, c'est le chef d'atelier "
                    "et deux collègues qui ont repris en **Scop**, accompagnés par l'Union "
                    "régionale.",
                ],
            },
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Rémunération"],
                "titles": [
                    "Mettre en place l'intéressement dans une PME de moins de 50 salariés",
                    "Intéressement : accord simple ou usine à gaz ?",
                ],
                "body": "Je voudrais associer l'équipe aux résultats de l'année. On me parle "
                "d'intéressement, de prime de partage de la valeur, de participation "
                "volontaire… Qui a signé un accord d'intéressement, et avec quels critères ?",
                "answers": [
                    "Accord sur trois ans, ratifié par référendum. Critère unique : le "
                    "résultat d'exploitation. Le plus simple est de partir du modèle en "
                    "ligne de l'administration.",
                    "Nous avons ajouté un critère de qualité (le taux de retours clients) : "
                    "c'est plus parlant pour l'atelier que le résultat comptable.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 2,
                "tags": ["Organisation du travail"],
                "titles": [
                    "Semaine de quatre jours : notre bilan après un an",
                    "Quatre jours par semaine, un an après",
                ],
                "body": "Nous sommes passés à la semaine de quatre jours, à 35 heures. "
                "Bilan : absentéisme en baisse, recrutement facilité, mais un vrai "
                "casse-tête pour la permanence client du vendredi.",
                "answers": [
                    "Très intéressant. Comment avez-vous organisé la permanence du "
                    "vendredi : par roulement ?",
                    "On a essayé et on est revenus en arrière au bout de six mois : nos "
                    "clients du bâtiment ne comprenaient pas.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Outils de gestion"],
                "titles": [
                    "Choisir un logiciel de gestion pour 30 salariés",
                    "ERP : retours sur votre déploiement ?",
                ],
                "body": "Devis, commandes et facturation vivent encore dans des tableurs. "
                "Qui a déployé un ERP récemment, combien de temps cela a pris, et qu'auriez-"
                "vous fait autrement ?",
                "answers": [
                    "Comptez le double du temps annoncé par l'éditeur, et nommez un référent "
                    "interne qui y passe au moins un jour par semaine.",
                    "Le plus dur n'est pas le logiciel : c'est de se mettre d'accord sur les "
                    "processus **avant** de paramétrer quoi que ce soit.",
                ],
            },
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Management"],
                "titles": [
                    "Entretien annuel : quelle trame utilisez-vous ?",
                    "Entretiens professionnels : vos modèles ?",
                ],
                "body": "Les entretiens annuels approchent. Ma trame date de dix ans et "
                "personne ne l'aime, moi compris[|e]. Vous auriez un modèle simple ?",
                "answers": [
                    "Séparez bien les deux : l'entretien professionnel, obligatoire tous les "
                    "deux ans, porte sur les perspectives et la formation, pas sur "
                    "l'évaluation.",
                    "Nous faisons remplir une page au salarié avant l'entretien : l'échange "
                    "est beaucoup plus riche.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 2,
                "tags": ["Management"],
                "titles": [
                    "Mon premier directeur commercial : ce que j'ai appris",
                    "Déléguer le commercial après vingt ans : retour d'expérience",
                ],
                "body": "Après vingt ans à faire le commercial moi-même, j'ai recruté un "
                "directeur commercial. Six mois plus tard : je délègue mieux, mais j'ai "
                "sous-estimé le temps qu'il faut pour transmettre un carnet d'adresses.",
                "answers": [
                    "Merci pour ce retour honnête. Combien de temps avez-vous accompagné "
                    "les premiers rendez-vous ?",
                    "Pareil chez nous : le plus difficile était de lâcher les clients "
                    "historiques, qui continuaient à m'appeler.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Financement"],
                "titles": [
                    "Un prêt Bpifrance pour une nouvelle machine : délais ?",
                    "Financer un investissement industriel : banque et Bpifrance",
                ],
                "body": "Nous voulons investir dans une ligne de découpe à 400 000 €. La "
                "banque suit à moitié, on me parle de Bpifrance en complément. Quelqu'un a "
                "monté ce type de dossier ?",
                "answers": [
                    "Prêt de développement accordé en six semaines chez nous. Ils veulent un "
                    "prévisionnel sérieux sur trois ans : faites-le relire.",
                    "Regardez aussi les aides de la Région à l'investissement productif : "
                    "15 % de subvention en plus dans notre cas.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 2,
                "tags": ["Transition écologique"],
                "titles": [
                    "Décarboner une PME industrielle : par quoi commencer ?",
                    "Bilan carbone demandé par nos clients : vos premiers pas",
                ],
                "body": "Nos clients nous demandent de plus en plus notre bilan carbone. "
                "Faut-il commencer par le bilan lui-même, par l'énergie ou par les "
                "transports ? Partageons nos premiers pas.",
                "answers": [
                    "Nous avons commencé par un diagnostic énergie de la CCI : les "
                    "économies trouvées ont payé la suite.",
                    "Le diagnostic Décarbon'Action est très bien fait pour une première "
                    "approche, et il est en partie financé.",
                ],
            },
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Organisation du travail"],
                "titles": [
                    "Télétravail des fonctions support : quelle règle fixer ?",
                    "Télétravail pour les bureaux, pas pour l'atelier : comment faire ?",
                ],
                "body": "L'équipe administrative demande deux jours de télétravail, "
                "l'atelier évidemment n'en a pas. Comment gérez-vous ce sentiment "
                "d'injustice entre les équipes ?",
                "answers": [
                    "Nous avons compensé pour l'atelier avec des horaires plus souples. Une "
                    "règle écrite, dans une charte, évite bien des discussions.",
                    "Un jour par semaine au plus chez nous, et jamais le lundi : c'est le "
                    "jour où tout le monde se croise.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Trésorerie"],
                "titles": [
                    "Facture impayée : injonction de payer ou médiation ?",
                    "Un client ne répond plus et ne paie plus",
                ],
                "body": "Une facture de 18 000 € impayée depuis quatre mois, le client ne "
                "répond plus. Avant l'injonction de payer, la médiation des entreprises "
                "vaut-elle le coup ?",
                "answers": [
                    "La médiation des entreprises est gratuite, rapide, et préserve la "
                    "relation. Nous avons été payés en trois semaines.",
                    "Si le client ne répond plus du tout, l'injonction de payer est simple : "
                    "le formulaire en ligne du greffe suffit.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 2,
                "tags": ["Reprise d'entreprise"],
                "titles": [
                    "Reprendre une entreprise en difficulté : notre première année",
                    "Un an après la reprise d'une menuiserie",
                ],
                "body": "Il y a un an, nous avons repris une menuiserie de douze salariés à "
                "la barre du tribunal. Ce qui a marché : parler vrai à l'équipe dès le "
                "premier jour. Ce que je referais autrement : **les stocks**.",
                "answers": [
                    "Bravo pour ce parcours. Comment avez-vous rassuré les fournisseurs les "
                    "premières semaines ?",
                    "Les stocks, le grand classique ! Nous avions découvert 40 % de "
                    "références mortes.",
                ],
            },
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Apprentissage"],
                "titles": [
                    "Garder ses apprentis après le diplôme",
                    "Nos apprentis partent chez les grands groupes : que faire ?",
                ],
                "body": "Nous formons deux apprentis par an, et la plupart partent chez un "
                "grand groupe une fois diplômés. Comment faites-vous pour les garder ?",
                "answers": [
                    "Dès la deuxième année, on leur confie un client à eux. Ils se sentent "
                    "attendus, et ils restent.",
                    "Nous proposons le CDI avant même la fin du contrat, avec une "
                    "augmentation écrite à un an.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 0,
                "tags": ["Management"],
                "titles": [
                    "La solitude du dirigeant : comment vous entourez-vous ?",
                    "À qui parlez-vous des décisions difficiles ?",
                ],
                "body": "Ce réseau existe un peu pour ça, mais je me pose la question : à "
                "part ici, à qui parlez-vous des décisions difficiles ? Associé, conjoint, "
                "club, coach ?",
                "answers": [
                    "Un groupe de cinq dirigeants qui se voit une fois par mois, sans ordre "
                    "du jour. C'est devenu vital.",
                    "Mon expert-comptable, honnêtement. Et depuis un an, ce réseau.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Énergie"],
                "titles": [
                    "Renégocier son contrat d'électricité",
                    "Contrat d'énergie à renouveler : courtier ou pas ?",
                ],
                "body": "Notre contrat d'électricité arrive à échéance et les offres reçues "
                "sont 40 % au-dessus. Passez-vous par un courtier ? Avez-vous signé sur un "
                "ou trois ans ?",
                "answers": [
                    "Nous sommes passés par le groupement d'achat de la CCI : meilleur prix, "
                    "et beaucoup moins de temps perdu.",
                    "Trois ans à prix fixe chez nous, pour la tranquillité du budget.",
                ],
            },
        ],
        "replies": [
            "Nous avons vécu la même chose l'an dernier : le plus important a été d'en "
            "parler tôt avec l'équipe.",
            "Attention aux conseils trop généraux : tout dépend de votre convention "
            "collective. Vérifiez avec votre expert-comptable.",
            "Je peux vous mettre en relation avec un dirigeant de mon antenne qui a traversé "
            "exactement ça.",
            "Chez nous, la solution est venue d'un échange avec un fournisseur, pas d'un "
            "consultant.",
            "Sujet à mettre au programme de la prochaine rencontre régionale, non ?",
        ],
        "debates": [
            {
                "cat": 2,
                "title": "La semaine de quatre jours est-elle réaliste dans une PME industrielle ?",
                "framing": "Débat ouvert : **pour** ou **contre**, en partant de votre "
                "expérience. Toutes les situations sont différentes, restons concrets et "
                "courtois.",
                "body": "Plusieurs d'entre vous l'ont testée, d'autres y ont renoncé. "
                "Confrontons les arguments.",
                "for": [
                    "Pour : c'est devenu notre premier argument de recrutement, devant le salaire.",
                    "Pour, à condition de garder les 35 heures et d'organiser un roulement. "
                    "La productivité n'a pas bougé chez nous.",
                    "Pour : moins d'absentéisme, et des journées plus concentrées.",
                ],
                "against": [
                    "Contre dans notre cas : nos clients travaillent cinq jours, et le "
                    "service en a souffert.",
                    "Contre : des journées de neuf heures à l'atelier, c'est trop fatigant "
                    "pour les postes physiques.",
                ],
                "neutral": [
                    "Ni pour ni contre : tout dépend du métier. Chez nous, oui pour le "
                    "bureau d'études, non pour la production.",
                ],
            },
            {
                "cat": 1,
                "title": "Faut-il afficher le salaire dans toutes nos offres d'emploi ?",
                "framing": "La transparence salariale arrive. Faut-il l'anticiper dès "
                "maintenant ? Argumentez pour ou contre.",
                "body": "La question revient à chaque recrutement. Vos positions ?",
                "for": [
                    "Pour : depuis qu'on affiche le salaire, on reçoit moins de candidatures "
                    "mais de bien meilleures.",
                    "Pour, évidemment : les candidats ne postulent plus sans.",
                ],
                "against": [
                    "Contre : cela fige la négociation et crée des tensions avec les "
                    "salariés déjà en poste.",
                ],
                "neutral": ["Une fourchette, oui. Un chiffre précis, non."],
            },
        ],
        "announcements": [
            (
                "Rencontre régionale à Lyon : inscriptions ouvertes",
                "Notre prochaine "
                "rencontre aura lieu chez **Benali Mécanique** à Vénissieux : visite de "
                "l'atelier, puis échanges sur le recrutement. Places limitées à 25.",
            ),
            (
                "Bienvenue aux nouveaux membres !",
                "Le réseau a beaucoup grandi ces dernières "
                "semaines. Pensez à compléter votre profil et à rejoindre l'antenne de votre "
                "région.",
            ),
            (
                "Compte rendu de la soirée transmission",
                "Merci aux 18 participants. Vous "
                "trouverez le résumé des échanges dans le groupe « Transmission » ; la "
                "prochaine soirée portera sur l'évaluation d'entreprise.",
            ),
            (
                "Les rencontres reprennent en septembre",
                "Bel été à tous. Les antennes "
                "régionales reprennent leurs rencontres à la rentrée : surveillez le groupe de "
                "votre région.",
                7,
            ),
            (
                "Rappel de la charte : pas de démarchage",
                "Quelques messages récents "
                "ressemblaient à de la prospection. Le réseau est un lieu d'échange entre "
                "pairs : merci de garder vos offres commerciales pour ailleurs.",
            ),
        ],
        "ideas": [
            (
                "Des binômes de mentorat entre dirigeants",
                "Associer un dirigeant "
                "expérimenté à un jeune repreneur pendant un an, à raison d'un rendez-vous par "
                "mois.",
                "done",
            ),
            (
                "Une visite d'entreprise par trimestre",
                "Chaque trimestre, un membre ouvre "
                "ses portes : on apprend énormément en voyant l'atelier des autres.",
                "planned",
            ),
            (
                "Un groupement d'achat pour l'énergie",
                "En achetant ensemble, nous pèserions davantage face aux fournisseurs.",
                "",
            ),
            (
                "Un annuaire des prestataires recommandés",
                "Experts-comptables, avocats, "
                "recruteurs : ceux avec qui nous avons eu de bonnes expériences.",
                "declined",
            ),
            (
                "Un déjeuner en visio chaque mois",
                "Une heure à midi, un sujet, sans préparation.",
                "",
            ),
        ],
        "poll": {
            "cat": 3,
            "title": "Quel format pour les prochaines rencontres ?",
            "body": "Nous préparons le calendrier de l'année prochaine. Dites-nous ce qui "
            "vous convient le mieux.",
            "question": "Quel format préférez-vous ?",
            "choices": [
                ("Une soirée en semaine", 4),
                ("Un petit-déjeuner", 3),
                ("Une demi-journée le vendredi", 2),
                ("En visio, à midi", 2),
            ],
        },
        "newcomers": [
            (
                "Premier recrutement : CDD ou CDI ?",
                "Bonjour, je viens de rejoindre le "
                "réseau. J'ai créé mon entreprise il y a deux ans et je m'apprête à recruter "
                "mon premier salarié. CDD pour commencer, ou directement un CDI ?",
            ),
            (
                "Repreneur depuis un mois, comment trouver un mentor ?",
                "Bonjour à tous, "
                "[nouveau|nouvelle] ici : je viens de reprendre une entreprise de "
                "quinze personnes. Comment avez-vous trouvé quelqu'un pour vous accompagner "
                "les premiers mois ?",
            ),
            (
                "Quel statut pour me rémunérer ?",
                "Bonjour, [arrivé|arrivée] cette semaine. "
                "Mon comptable me pose la question salaire ou dividendes, et je ne sais pas "
                "comment trancher. Vous faites comment ?",
            ),
        ],
    },
    "secretaires-de-mairie": {
        "categories": [
            ("Entraide", "Une question du quotidien : les collègues répondent."),
            ("Budget et finances", "Budget, M57, comptes, paie, subventions."),
            ("État civil et élections", "Actes, mentions, listes électorales, scrutins."),
            ("Vie du réseau", "Rencontres, formations, annonces et idées."),
        ],
        "subjects": [
            {
                "kind": "question",
                "cat": 2,
                "tags": ["État civil"],
                "titles": [
                    "Mention marginale de divorce : quel délai pour l'apposer ?",
                    "Mentions marginales en retard : comment rattraper ?",
                ],
                "body": "J'ai reçu une pile d'avis de mention de divorce qui datent de "
                "plusieurs mois (remplacement non assuré pendant mon congé). Y a-t-il un "
                "délai à respecter, et faut-il prévenir le procureur ?",
                "answers": [
                    "Pas de délai de forclusion : apposez-les dès que possible, dans l'ordre "
                    "de réception. Pas besoin de prévenir le procureur pour un simple retard.",
                    "Pensez à mettre à jour **aussi** le registre double si votre commune "
                    "n'est pas encore passée au registre dématérialisé.",
                ],
            },
            {
                "kind": "question",
                "cat": 1,
                "tags": ["M57"],
                "titles": [
                    "Passage à la M57 : la fongibilité des crédits, vous l'utilisez ?",
                    "M57 : fongibilité des crédits, comment délibérer ?",
                ],
                "body": "Nous sommes passés à la M57 au 1er janvier. Le maire voudrait "
                "utiliser la fongibilité des crédits pour éviter une décision modificative. "
                "Quelle délibération avez-vous prise, et avec quel pourcentage ?",
                "answers": [
                    "Délibération prise avec le vote du budget, plafond à 7,5 % des dépenses "
                    "réelles de chaque section. Il faut ensuite informer le conseil à la "
                    "séance suivante.",
                    "Nous avons mis 5 % pour commencer. La trésorerie nous a fourni un modèle "
                    "de délibération, demandez au conseiller aux décideurs locaux.",
                ],
            },
            {
                "kind": "question",
                "cat": 2,
                "tags": ["Élections"],
                "titles": [
                    "Procurations : que vérifier le jour du scrutin ?",
                    "Bureau de vote et procurations dématérialisées",
                ],
                "body": "Premières élections pour moi dans cette commune. Avec les "
                "procurations dématérialisées, que dois-je imprimer et vérifier avant "
                "l'ouverture du bureau de vote ?",
                "answers": [
                    "Imprimez la liste des procurations depuis le REU la veille **et** le "
                    "matin même : il en arrive jusqu'au dernier moment.",
                    "Préparez aussi une fiche pour les assesseurs : qui vote pour qui, et "
                    "rappel qu'un mandataire ne peut détenir qu'une procuration établie en "
                    "France.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Urbanisme"],
                "titles": [
                    "Déclaration préalable incomplète : délai d'instruction ?",
                    "Pièces manquantes sur une DP : comment compter les délais ?",
                ],
                "body": "Une déclaration préalable pour une clôture est arrivée sans plan "
                "de situation. J'ai envoyé la demande de pièces au bout de trois semaines. "
                "Le délai repart-il de zéro ?",
                "answers": [
                    "Attention : la demande de pièces doit partir dans le **premier mois**. "
                    "Passé ce délai, elle ne suspend rien et la décision tacite court.",
                    "Le délai d'instruction recommence à réception des pièces complètes. "
                    "Gardez bien les preuves de dépôt.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 0,
                "tags": ["Accueil du public"],
                "titles": [
                    "Seule au secrétariat : comment gérez-vous l'accueil ?",
                    "Accueil et dossiers de fond : trouver le bon équilibre",
                ],
                "body": "Entre le téléphone, les habitants qui passent et les dossiers de "
                "fond, je n'avance sur rien le matin. J'ai proposé au maire de fermer "
                "l'accueil deux demi-journées par semaine.",
                "answers": [
                    "Nous l'avons fait : accueil fermé le mercredi après-midi. Les habitants "
                    "se sont adaptés en trois semaines.",
                    "Un répondeur avec les horaires et l'adresse mail de la mairie a tout "
                    "changé chez nous.",
                ],
            },
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Paie"],
                "titles": [
                    "Indemnités des élus : nouveau barème au 1er janvier",
                    "Revalorisation des indemnités d'élus : faut-il délibérer ?",
                ],
                "body": "Avec la revalorisation du point d'indice, les indemnités des élus "
                "augmentent-elles automatiquement, ou faut-il une nouvelle délibération ?",
                "answers": [
                    "Si votre délibération fixe les indemnités en pourcentage de l'indice "
                    "brut terminal, la hausse est automatique. Sinon, il faut redélibérer.",
                    "Vérifiez que le tableau annexé à la délibération est bien à jour : la "
                    "trésorerie le demande à chaque changement.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Cimetières"],
                "titles": [
                    "Reprise de concessions abandonnées : la procédure",
                    "Concessions en état d'abandon : par où commencer ?",
                ],
                "body": "Le conseil veut reprendre une vingtaine de tombes abandonnées. La "
                "procédure dure trois ans, paraît-il. Quelqu'un aurait un calendrier type "
                "et des modèles de procès-verbaux ?",
                "answers": [
                    "Premier constat, affichage, puis second constat trois ans après : "
                    "notez tout de suite les dates dans un tableau partagé avec le maire.",
                    "Le centre de gestion de notre département a un guide complet avec les "
                    "modèles. Je vous mets le lien en message privé.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 1,
                "tags": ["Budget communal"],
                "titles": [
                    "Préparer le budget primitif avec un nouveau maire",
                    "Premier budget avec une nouvelle équipe municipale",
                ],
                "body": "Premier budget avec une équipe municipale qui découvre tout. J'ai "
                "préparé une présentation simple : ce qui est obligatoire, ce qui est "
                "engagé, et ce qui reste vraiment à décider.",
                "answers": [
                    "Excellente approche. J'ajoute toujours un graphique des cinq dernières "
                    "années : les élus comprennent tout de suite.",
                    "Pensez à une réunion de travail avant la commission des finances : "
                    "les questions y sont plus libres.",
                ],
            },
            {
                "kind": "question",
                "cat": 2,
                "tags": ["État civil"],
                "titles": [
                    "Mariage : publication des bans pour un futur époux étranger",
                    "Dossier de mariage avec un conjoint étranger : les pièces",
                ],
                "body": "Un couple veut se marier en juin, le futur époux est de "
                "nationalité marocaine. Quelles pièces exiger, et dois-je saisir le "
                "procureur ?",
                "answers": [
                    "Certificat de coutume et de célibat, acte de naissance de moins de six "
                    "mois traduit. L'audition des futurs époux est obligatoire, la saisine "
                    "du procureur seulement en cas de doute.",
                    "Prévoyez large : la traduction assermentée prend souvent plusieurs semaines.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Marchés publics"],
                "titles": [
                    "Premier marché de travaux : MAPA ou appel d'offres ?",
                    "Rénovation de l'école : quelle procédure choisir ?",
                ],
                "body": "La commune rénove son école, environ 350 000 € HT. Le maire pense "
                "qu'un simple devis suffit. Je crois qu'il faut une procédure adaptée. "
                "Vous confirmez ?",
                "answers": [
                    "Vous avez raison : au-dessus de 40 000 € HT, publicité et mise en "
                    "concurrence sont obligatoires. Une procédure adaptée avec publication "
                    "sur un profil acheteur convient.",
                    "Faites-vous aider par l'agence technique départementale si elle existe "
                    "chez vous : c'est souvent gratuit pour les petites communes.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 3,
                "tags": ["Formation des nouveaux agents"],
                "titles": [
                    "Accueillir une nouvelle collègue : notre kit de démarrage",
                    "Un livret d'accueil pour les nouvelles secrétaires de mairie",
                ],
                "body": "J'ai rassemblé dans un document tout ce que j'aurais aimé savoir "
                "à mon arrivée : calendrier budgétaire, contacts utiles, logiciels. "
                "Intéressées pour le compléter ensemble ?",
                "answers": [
                    "Oui ! J'ajouterais le calendrier des déclarations sociales, c'est ce qui "
                    "m'a le plus piégée.",
                    "Super initiative. On pourrait en faire une fiche du réseau.",
                ],
            },
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Budget communal"],
                "titles": [
                    "Restes à réaliser : que reporter au budget suivant ?",
                    "Clôture de l'exercice et restes à réaliser",
                ],
                "body": "Clôture de l'exercice : la trésorerie me demande l'état des restes "
                "à réaliser. Un devis signé mais sans bon de commande, je le reporte ?",
                "answers": [
                    "Seules les dépenses **engagées** juridiquement se reportent : un devis "
                    "signé par le maire vaut engagement, un simple devis reçu non.",
                    "Joignez les justificatifs à l'état : la trésorerie les contrôle de plus "
                    "en plus.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 2,
                "tags": ["Recensement"],
                "titles": [
                    "Recensement de la population : retours sur la collecte",
                    "Recensement terminé : nos enseignements",
                ],
                "body": "Notre recensement vient de se terminer : 92 % de réponses en "
                "ligne, deux agents recenseurs formidables, et quelques résidences "
                "secondaires introuvables.",
                "answers": [
                    "92 % en ligne, bravo ! Comment avez-vous convaincu les personnes âgées ?",
                    "Chez nous, c'est le coup de téléphone personnel de l'agent recenseur "
                    "qui a tout débloqué.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Délibérations"],
                "titles": [
                    "Délibérations : publication électronique obligatoire ?",
                    "Publicité des actes depuis la réforme : vos pratiques",
                ],
                "body": "Depuis la réforme de la publicité des actes, notre commune de "
                "400 habitants a choisi l'affichage. Faut-il quand même tout mettre en "
                "ligne ?",
                "answers": [
                    "Les communes de moins de 3 500 habitants peuvent garder l'affichage si "
                    "le conseil l'a délibéré. Sans délibération, c'est la publication "
                    "électronique.",
                    "Même avec l'affichage, tenez un registre : c'est lui qui prouve la date "
                    "de publication.",
                ],
            },
        ],
        "replies": [
            "Je me suis posé la même question l'an dernier : le centre de gestion m'a "
            "répondu en deux jours, n'hésitez pas à les appeler.",
            "Vérifiez quand même auprès de la préfecture, les pratiques varient d'un "
            "département à l'autre.",
            "J'ai un modèle qui fonctionne, je vous l'envoie en message privé.",
            "On en a parlé à la dernière rencontre de notre antenne : c'est un sujet pour "
            "une fiche pratique du réseau.",
            "Merci, je n'aurais jamais pensé à vérifier ce point.",
        ],
        "debates": [
            {
                "cat": 3,
                "title": "Faut-il mutualiser le secrétariat entre petites communes ?",
                "framing": "Plusieurs intercommunalités proposent un secrétariat partagé. "
                "Progrès ou perte de proximité ? Argumentez **pour** ou **contre**.",
                "body": "Le sujet revient dans beaucoup de conseils municipaux. Qu'en "
                "pensez-vous, de l'intérieur ?",
                "for": [
                    "Pour : on n'est plus seule, on peut se remplacer pendant les congés.",
                    "Pour, si chaque mairie garde une permanence physique. La polyvalence "
                    "totale n'est plus tenable.",
                ],
                "against": [
                    "Contre : les habitants perdent leur interlocutrice, et les maires "
                    "leur bras droit.",
                    "Contre : on passe sa vie sur la route entre trois mairies.",
                ],
                "neutral": ["Ça dépend surtout des distances entre communes."],
            },
        ],
        "announcements": [
            (
                "Formation M57 : le réseau organise deux sessions",
                "Avec le centre de "
                "gestion, deux demi-journées de formation à la M57 sont ouvertes aux membres. "
                "Inscription dans le groupe thématique « Finances ».",
            ),
            (
                "Bienvenue aux nouvelles collègues",
                "Nous sommes maintenant plus de "
                "cinquante. N'oubliez pas : aucune question n'est bête ici.",
            ),
            (
                "Nouvelle version de la charte",
                "La charte évolue pour préciser la "
                "confidentialité des échanges sur les dossiers nominatifs. Merci de la lire "
                "et de l'accepter à votre prochaine visite.",
                "charter",
            ),
            (
                "Fiches pratiques : les trois premières sont en ligne",
                "État civil, élections, reprise de concessions : merci aux relectrices !",
            ),
        ],
        "ideas": [
            (
                "Une bourse aux remplacements entre communes",
                "Lister qui peut dépanner quelques heures pendant un congé ou un arrêt.",
                "planned",
            ),
            (
                "Des fiches pratiques relues par le réseau",
                "Une fiche par procédure, écrite par une collègue et relue par deux autres.",
                "done",
            ),
            (
                "Un calendrier partagé des échéances",
                "Budget, déclarations, listes électorales : toutes les dates au même endroit.",
                "",
            ),
            (
                "Un modèle commun de règlement de cimetière",
                "Chacune réinvente le sien : mutualisons.",
                "",
            ),
        ],
        "poll": {
            "cat": 3,
            "title": "Quel sujet pour la prochaine fiche pratique ?",
            "body": "Votez pour le sujet de la prochaine fiche du réseau.",
            "question": "Quelle fiche vous serait la plus utile ?",
            "choices": [
                ("Les restes à réaliser", 3),
                ("Le recensement", 1),
                ("Les procurations", 2),
                ("Le règlement de cimetière", 2),
            ],
        },
        "newcomers": [
            (
                "Nouvelle secrétaire de mairie : par où commencer ?",
                "Bonjour, je prends "
                "mon premier poste lundi, dans une commune de 300 habitants, sans passation. "
                "Par quoi commencer la première semaine ?",
            ),
            (
                "Première paie à faire seul[|e]",
                "Bonjour à toutes et à tous, "
                "[arrivé|arrivée] le mois dernier, je dois faire la paie de trois agents pour "
                "la première fois. Un conseil pour ne rien oublier ?",
            ),
            (
                "Logiciel de comptabilité imposé par la commune",
                "Bonjour, "
                "[nouveau|nouvelle] ici. Je découvre un logiciel que je n'ai jamais utilisé. "
                "Y a-t-il des utilisatrices dans le réseau ?",
            ),
        ],
    },
    "cooperative-enseignants": {
        "categories": [
            ("Entraide", "Une question de classe : les collègues répondent."),
            ("Pédagogie", "Séquences, pratiques coopératives, évaluation."),
            ("Numérique éducatif", "Outils libres, ENT, éducation aux médias."),
            ("Vie de la coopérative", "Rencontres, annonces et idées."),
        ],
        "subjects": [
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Conseil d'élèves"],
                "titles": [
                    "Démarrer un conseil d'élèves en CE2 : vos conseils ?",
                    "Premier conseil d'élèves : comment s'y prendre ?",
                ],
                "body": "Je voudrais lancer un conseil d'élèves hebdomadaire avec mes CE2. "
                "J'ai peur que ça tourne au tribunal des petites disputes. Comment avez-vous "
                "démarré ?",
                "answers": [
                    "Commencez par trois rubriques : *je félicite*, *je critique*, *je "
                    "propose*. Et une règle : on parle de faits, jamais de personnes.",
                    "Donnez vite des rôles aux élèves (président, secrétaire, gardien du "
                    "temps). Au bout de six semaines, ils n'ont plus besoin de vous.",
                ],
            },
            {
                "kind": "question",
                "cat": 2,
                "tags": ["Logiciels libres"],
                "titles": [
                    "Remplacer les outils propriétaires en classe : par quoi ?",
                    "Outils numériques libres : votre trousse de base",
                ],
                "body": "Mon collège veut limiter les outils qui collectent les données "
                "des élèves. Quels outils libres utilisez-vous pour les diaporamas, les "
                "quiz et l'écriture collaborative ?",
                "answers": [
                    "Les services de La Digitale et ceux de la forge des communs numériques "
                    "éducatifs couvrent presque tout, sans compte élève.",
                    "Pour l'écriture collaborative, un pad suffit. L'important est de "
                    "vérifier avec le DPO de l'académie avant de généraliser.",
                ],
            },
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Évaluation par compétences"],
                "titles": [
                    "Évaluer par compétences sans y passer ses week-ends",
                    "Évaluation par compétences : quel outil de suivi ?",
                ],
                "body": "J'ai abandonné les notes en 6e, mais le suivi des compétences me "
                "prend un temps fou. Comment organisez-vous le suivi au quotidien ?",
                "answers": [
                    "Peu de compétences à la fois : quatre par période, pas plus. Et ce sont "
                    "les élèves qui tiennent leur fiche de suivi.",
                    "Les ceintures de compétences m'ont sauvé[|e] : l'élève demande à "
                    "passer un niveau quand il se sent prêt.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 1,
                "tags": ["Classe dehors"],
                "titles": [
                    "Classe dehors : un an d'après-midis en forêt",
                    "Faire classe dehors chaque semaine : notre bilan",
                ],
                "body": "Depuis septembre, ma classe passe le jeudi après-midi dans le bois "
                "derrière l'école. Mathématiques, sciences, écriture : tout y passe. Les "
                "parents étaient inquiets, ils sont maintenant demandeurs.",
                "answers": [
                    "Magnifique. Comment avez-vous obtenu l'accord de l'inspection ?",
                    "On fait pareil en maternelle : les élèves les plus agités sont les "
                    "plus concentrés dehors.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Inclusion scolaire"],
                "titles": [
                    "Accueillir un élève avec un trouble autistique sans AESH",
                    "Élève autiste, AESH absente : vos aménagements ?",
                ],
                "body": "Un élève autiste arrive dans ma classe de CM1, l'AESH ne sera là "
                "que dans six semaines. Quels aménagements simples mettre en place dès "
                "maintenant ?",
                "answers": [
                    "Un emploi du temps visuel, un coin calme, et des consignes une par une. "
                    "Demandez aussi aux parents ce qui marche à la maison.",
                    "Contactez l'enseignant référent et l'équipe mobile d'appui à la "
                    "scolarisation : ils peuvent venir en classe rapidement.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 2,
                "tags": ["Éducation aux médias"],
                "titles": [
                    "Éducation aux médias : une séquence sur les fausses images",
                    "Repérer une image truquée en 4e : notre séquence",
                ],
                "body": "Je partage une séquence de quatre séances sur les images "
                "générées et retouchées, testée en 4e. Les élèves ont fabriqué eux-mêmes "
                "une fausse une de journal avant de la démonter.",
                "answers": [
                    "Merci ! Je l'adapte pour mes 3e la semaine prochaine.",
                    "Fabriquer la fausse une est une idée géniale : rien de tel pour comprendre.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Correspondance scolaire"],
                "titles": [
                    "Trouver une classe correspondante à l'étranger",
                    "Correspondance scolaire internationale : par quel réseau ?",
                ],
                "body": "Ma classe de CM2 voudrait correspondre avec une classe "
                "francophone hors de France. Par quel réseau passer, et comment éviter que "
                "ça s'essouffle en février ?",
                "answers": [
                    "eTwinning pour l'Europe ; pour le Québec, le réseau des écoles "
                    "associées. Fixez un calendrier d'envois dès le départ.",
                    "Un projet commun (un album, une enquête) tient bien mieux que des "
                    "lettres libres.",
                ],
            },
            {
                "kind": "question",
                "cat": 1,
                "tags": ["Différenciation"],
                "titles": [
                    "Différencier en lecture au cycle 2 : vos outils",
                    "Trois niveaux de lecture dans la même classe",
                ],
                "body": "En CE1, j'ai des élèves non lecteurs et d'autres qui lisent des "
                "romans. Comment différenciez-vous sans préparer trois classes ?",
                "answers": [
                    "Les plans de travail avec des fichiers autocorrectifs : je passe mon "
                    "temps avec le petit groupe pendant que les autres avancent seuls.",
                    "Le tutorat entre élèves marche très bien en lecture à voix haute.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 3,
                "tags": ["Pédagogie coopérative"],
                "titles": [
                    "Liaison CM2-6e : construire un projet commun",
                    "École et collège : un projet de liaison qui marche",
                ],
                "body": "Avec deux collègues de collège, nous avons monté un défi lecture "
                "entre trois CM2 et deux 6e. Les CM2 arrivent en septembre en connaissant "
                "déjà des visages.",
                "answers": [
                    "Quelle belle idée. Combien de rencontres dans l'année ?",
                    "On fait pareil en sciences : les 6e présentent une expérience aux CM2.",
                ],
            },
            {
                "kind": "question",
                "cat": 2,
                "tags": ["Numérique éducatif"],
                "titles": [
                    "Téléphones au collège : pause numérique, comment ça se passe ?",
                    "Pause numérique : retours des collèges qui l'appliquent",
                ],
                "body": "Notre collège met en place la pause numérique à la rentrée. "
                "Casiers, pochettes, simple interdiction ? Quels retours chez vous ?",
                "answers": [
                    "Casiers à l'entrée chez nous : deux semaines de rodage, puis plus "
                    "aucun problème. La cour est redevenue bruyante, et c'est tant mieux.",
                    "Les pochettes coûtent cher et s'abîment. L'important, c'est que toute "
                    "l'équipe applique la même règle.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 1,
                "tags": ["Débat philosophique"],
                "titles": [
                    "Débat philosophique en CM1 : mon premier trimestre",
                    "Discussions à visée philosophique : ce que j'ai appris",
                ],
                "body": "Un débat par semaine depuis la rentrée, à partir d'albums. Les "
                "élèves qui ne parlaient jamais prennent la parole. Je partage mes "
                "questions de départ préférées.",
                "answers": [
                    "Je suis preneu[r|se] de la liste des albums !",
                    "Le bâton de parole a tout changé chez moi.",
                ],
            },
            {
                "kind": "question",
                "cat": 0,
                "tags": ["Gestion de classe"],
                "titles": [
                    "Une classe agitée en fin de journée : que faire ?",
                    "Fin d'après-midi difficile : vos rituels ?",
                ],
                "body": "Après 15 h, ma classe de CE2 devient ingérable. J'ai essayé de "
                "hausser le ton, ce qui ne marche évidemment pas. Vos rituels de fin de "
                "journée ?",
                "answers": [
                    "Cinq minutes de retour au calme après la récréation, lumière éteinte, "
                    "puis un travail manuel plutôt qu'écrit.",
                    "Je garde la fin de journée pour les ateliers et la lecture offerte : "
                    "plus de notions nouvelles après 15 h.",
                ],
            },
            {
                "kind": "question",
                "cat": 3,
                "tags": ["Ressources éducatives libres"],
                "titles": [
                    "Partager ses séquences sous licence libre : laquelle ?",
                    "Licence Creative Commons pour nos fiches : conseils ?",
                ],
                "body": "Je voudrais publier mes séquences pour que d'autres puissent les "
                "reprendre et les modifier. Quelle licence choisir ?",
                "answers": [
                    "CC BY-SA est la plus courante entre enseignants : on peut modifier, à "
                    "condition de repartager pareil.",
                    "Vérifiez que toutes les images intégrées sont elles-mêmes libres, "
                    "c'est le piège classique.",
                ],
            },
            {
                "kind": "discussion",
                "cat": 2,
                "tags": ["Sobriété numérique"],
                "titles": [
                    "Sobriété numérique : faut-il encore des tablettes en primaire ?",
                    "Moins d'écrans en classe : vos expériences",
                ],
                "body": "Notre mairie propose d'équiper toutes les classes de tablettes. "
                "Je ne suis pas sûr[|e] d'en avoir besoin. Qu'en font celles et ceux qui "
                "en ont ?",
                "answers": [
                    "Nous les utilisons surtout pour enregistrer les élèves en lecture : "
                    "c'est précieux, mais quatre suffiraient.",
                    "Demandez plutôt un bon vidéoprojecteur et un visualiseur : c'est ce qui "
                    "sert tous les jours.",
                ],
            },
        ],
        "replies": [
            "Je garde l'idée pour la rentrée, merci !",
            "On a testé avec ma collègue de CM1, c'est très efficace.",
            "Attention à ne pas tout changer en même temps : une seule nouveauté par "
            "période, c'est mon conseil.",
            "Le groupe thématique en parle depuis des semaines, venez voir !",
            "Je te prête mes outils si tu veux, il suffit de demander.",
        ],
        "debates": [
            {
                "cat": 1,
                "title": "Faut-il supprimer les notes au collège ?",
                "framing": "La question divise les équipes. Argumentez **pour** ou "
                "**contre** à partir de ce que vous vivez en classe, sans caricature.",
                "body": "Plusieurs collèges de la coopérative ont franchi le pas. Confrontons "
                "les expériences.",
                "for": [
                    "Pour : les élèves ne comparent plus leurs notes, ils regardent ce qu'ils "
                    "savent faire.",
                    "Pour : les élèves fragiles reprennent confiance, c'est spectaculaire en 6e.",
                ],
                "against": [
                    "Contre : les familles ne comprennent pas les bulletins par "
                    "compétences, et le lycée note de toute façon.",
                    "Contre : sans notes, certains élèves ne travaillent plus.",
                ],
                "neutral": [
                    "Les deux peuvent cohabiter : compétences au quotidien, notes pour le "
                    "bulletin.",
                ],
            },
        ],
        "announcements": [
            (
                "Rencontre de printemps à Lille",
                "La rencontre annuelle de la coopérative "
                "aura lieu à l'école Jean-Macé : ateliers le matin, marché des séquences "
                "l'après-midi.",
            ),
            (
                "Bienvenue aux nouveaux coopérateurs",
                "Présentez-vous dans le fil de votre "
                "groupe, et n'hésitez pas à partager une séquence, même imparfaite.",
            ),
            (
                "Le marché des séquences est ouvert",
                "Déposez vos séquences sous licence "
                "libre dans le groupe « Ressources » : elles sont relues par deux collègues.",
            ),
            (
                "Pause estivale",
                "Bel été à toutes et à tous. La coopérative reprend ses "
                "rencontres en ligne fin août, pour préparer la rentrée ensemble.",
                7,
            ),
        ],
        "ideas": [
            (
                "Une banque de séquences relues",
                "Chaque séquence partagée relue par deux collègues d'un autre niveau.",
                "done",
            ),
            (
                "Des visites de classe entre coopérateurs",
                "Aller voir une classe d'un collègue une demi-journée par an.",
                "planned",
            ),
            (
                "Un atelier en ligne mensuel le mercredi",
                "Une heure pour présenter un outil ou une pratique.",
                "",
            ),
            (
                "Un kit de démarrage pour les néo-titulaires",
                "Ce qu'on aurait aimé savoir la première année.",
                "",
            ),
        ],
        "poll": {
            "cat": 3,
            "title": "Quel thème pour la rencontre de printemps ?",
            "body": "Aidez-nous à choisir le thème des ateliers.",
            "question": "Quel thème vous intéresse le plus ?",
            "choices": [
                ("La classe coopérative", 3),
                ("L'évaluation sans notes", 3),
                ("Le numérique libre", 2),
                ("La classe dehors", 2),
            ],
        },
        "newcomers": [
            (
                "Néo-titulaire, une classe à trois niveaux",
                "Bonjour, "
                "[arrivé|arrivée] dans la coopérative cette semaine. J'ai une classe unique "
                "CE1-CE2-CM1 pour ma première année. Comment organiser les journées ?",
            ),
            (
                "Premier poste en REP : des conseils ?",
                "Bonjour à toutes et à tous, "
                "[nouveau|nouvelle] ici. Je commence en REP et j'aimerais construire des "
                "rituels solides dès le début. Par où commencer ?",
            ),
            (
                "Contractuel[|le] en lettres, besoin de séquences",
                "Bonjour, je remplace "
                "une collègue jusqu'en juin en 5e. Auriez-vous des séquences à partager ?",
            ),
        ],
    },
}
