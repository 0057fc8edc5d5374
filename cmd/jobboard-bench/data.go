package main

// The vocabulary of the benchmark data: a life-sciences job market, like the
// demo board, with words of very different frequencies so that searches
// range from selective to common.

var benchCategories = []string{"Research & Development", "Clinical", "Regulatory Affairs", "Quality", "Manufacturing",
	"Sales & Marketing", "Medical Affairs", "Data & IT"}

// benchTitles are title stems per category, most common first.
var benchTitles = map[string][]string{
	"Research & Development": {"Scientist", "Research Associate", "Principal Scientist", "Lab Technician", "Postdoctoral Fellow",
		"Bioinformatician", "Medicinal Chemist", "Formulation Scientist", "Antibody Engineer", "Toxicologist"},
	"Clinical": {"Clinical Research Associate", "Clinical Trial Manager", "Study Coordinator", "Clinical Project Manager",
		"Site Manager", "Clinical Data Manager", "Biostatistician", "Clinical Operations Lead"},
	"Regulatory Affairs": {"Regulatory Affairs Specialist", "Regulatory Affairs Manager", "CMC Regulatory Writer",
		"Labelling Specialist", "Regulatory Intelligence Analyst"},
	"Quality": {"QA Specialist", "Quality Control Analyst", "Validation Engineer", "QA Manager", "Qualified Person",
		"Microbiologist", "Auditor"},
	"Manufacturing": {"Production Operator", "Process Engineer", "Manufacturing Technician", "Shift Supervisor",
		"Maintenance Engineer", "Supply Chain Planner", "Warehouse Coordinator"},
	"Sales & Marketing": {"Sales Representative", "Key Account Manager", "Product Manager", "Brand Manager",
		"Market Access Manager", "Business Development Manager"},
	"Medical Affairs": {"Medical Science Liaison", "Medical Advisor", "Medical Writer", "Pharmacovigilance Officer",
		"Drug Safety Associate", "Medical Information Specialist"},
	"Data & IT": {"Data Engineer", "Software Engineer", "Data Scientist", "IT Support Analyst", "Cloud Architect",
		"Machine Learning Engineer", "Security Engineer"},
}

// benchAreas qualify titles: "Senior Scientist, Oncology".
var benchAreas = []string{"Oncology", "Immunology", "Neuroscience", "Vaccines", "Rare Diseases", "Cardiology", "Gene Therapy",
	"Cell Therapy", "Biologics", "Small Molecules", "Diagnostics", "Medical Devices", "Dermatology", "Ophthalmology", "Respiratory"}

var benchSeniority = []struct{ value, prefix string }{
	{"entry", "Junior "}, {"mid", ""}, {"mid", ""}, {"senior", "Senior "}, {"senior", "Senior "}, {"lead", "Lead "}, {"intern", ""},
}

// benchPlaces are cities with their currency and a yearly pay scale.
var benchPlaces = []struct {
	city, currency string
	scale          int64
}{
	{"London, UK", "GBP", 55000}, {"Cambridge, UK", "GBP", 50000}, {"Oxford, UK", "GBP", 48000}, {"Manchester, UK", "GBP", 42000},
	{"Edinburgh, UK", "GBP", 43000}, {"Dublin, Ireland", "EUR", 58000}, {"Cork, Ireland", "EUR", 52000},
	{"Basel, Switzerland", "CHF", 110000}, {"Zurich, Switzerland", "CHF", 115000}, {"Geneva, Switzerland", "CHF", 108000},
	{"Berlin, Germany", "EUR", 62000}, {"Munich, Germany", "EUR", 68000}, {"Frankfurt, Germany", "EUR", 66000},
	{"Paris, France", "EUR", 58000}, {"Lyon, France", "EUR", 50000}, {"Amsterdam, Netherlands", "EUR", 60000},
	{"Leiden, Netherlands", "EUR", 56000}, {"Copenhagen, Denmark", "DKK", 520000}, {"Stockholm, Sweden", "SEK", 600000},
	{"Brussels, Belgium", "EUR", 57000}, {"Milan, Italy", "EUR", 45000}, {"Barcelona, Spain", "EUR", 42000},
	{"Madrid, Spain", "EUR", 43000}, {"Vienna, Austria", "EUR", 55000}, {"Warsaw, Poland", "PLN", 180000},
	{"Boston, MA, USA", "USD", 120000}, {"San Francisco, CA, USA", "USD", 140000}, {"San Diego, CA, USA", "USD", 125000},
	{"New York, NY, USA", "USD", 130000}, {"Raleigh, NC, USA", "USD", 105000}, {"Princeton, NJ, USA", "USD", 118000},
	{"Toronto, Canada", "CAD", 95000}, {"Singapore", "SGD", 110000}, {"Tokyo, Japan", "JPY", 9000000}, {"Sydney, Australia", "AUD", 115000},
}

var benchCountries = []string{"GB", "IE", "DE", "FR", "NL", "CH", "US", "CA", "ES", "IT", "SE", "DK", "BE", "AT", "PL"}

var benchEmploymentTypes = []string{"FULL_TIME", "FULL_TIME", "FULL_TIME", "FULL_TIME", "FULL_TIME", "FULL_TIME", "PART_TIME",
	"CONTRACTOR", "CONTRACTOR", "TEMPORARY", "INTERN"}

var benchWorkplaces = []string{"onsite", "onsite", "onsite", "hybrid", "hybrid", "hybrid", "remote"}

var benchTags = []string{"GMP", "GCP", "GLP", "ISO 13485", "FDA", "EMA", "ICH", "HPLC", "ELISA", "PCR", "flow cytometry", "CRISPR",
	"NGS", "Python", "R", "SAS", "SQL", "AWS", "Veeva", "SAP", "Lean", "Six Sigma", "biologics", "aseptic", "CAPA", "eTMF",
	"phase I", "phase II", "phase III", "oncology", "market access", "KOL", "SOPs", "LIMS", "mass spectrometry", "cell culture"}

var benchCompanyHeads = []string{"Nova", "Helix", "Meridian", "Apex", "Aurora", "Cobalt", "Crescent", "Evergreen", "Falcon", "Granite",
	"Harbor", "Ion", "Juniper", "Keystone", "Lumen", "Maple", "Nimbus", "Orion", "Pioneer", "Quantum", "Redwood", "Sapphire",
	"Summit", "Terra", "Unity", "Vertex", "Willow", "Zenith", "Atlas", "Beacon", "Cedar", "Delta", "Ember", "Fjord", "Glacier"}

var benchCompanyTails = []string{"Biologics", "Diagnostics", "Therapeutics", "Pharma", "Clinical Research", "BioSciences", "Medical",
	"Labs", "Genomics", "Health", "Biotech", "Devices", "Analytics", "Life Sciences", "Vaccines"}

var benchSectors = []string{"Pharmaceuticals", "Biotechnology", "Medical Devices", "Contract Research", "Diagnostics", "Consulting"}

var benchCompanySizes = []string{"1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5000+"}

// benchSentences make descriptions; %s is the title, the area or the
// company, in that order of preference.
var benchIntros = []string{
	"%s is growing its team and is looking for a motivated colleague to help bring new treatments to patients.",
	"Join %s and work with people who care about rigorous science and about each other.",
	"At %s we turn research into medicines; this role sits at the heart of that work.",
	"%s offers a collaborative, international environment with real room to grow.",
}

var benchDuties = []string{
	"Plan and run experiments, analyse the results and present them to the project team.",
	"Keep study documentation inspection-ready and work closely with sites and vendors.",
	"Write and review SOPs, deviations and change controls.",
	"Support regulatory submissions and answer questions from health authorities.",
	"Coordinate timelines, budgets and resources across several programmes.",
	"Build dashboards and data pipelines that the scientists rely on every day.",
	"Train and mentor junior colleagues in the lab and on the shop floor.",
	"Represent the company at conferences and with key opinion leaders.",
	"Investigate quality events and drive corrective and preventive actions.",
	"Improve manufacturing processes with Lean and Six Sigma methods.",
	"Monitor adverse events and prepare periodic safety reports.",
	"Negotiate with hospitals, payers and distributors in your territory.",
	"Automate routine analyses and keep the code tested and documented.",
	"Own the validation of equipment, methods and computerised systems.",
}

var benchRequirements = []string{
	"A degree in life sciences, chemistry, engineering or a related field.",
	"Experience in a regulated environment (GMP, GCP or GLP).",
	"Clear written and spoken English; another European language is a plus.",
	"A structured way of working and attention to detail.",
	"Willingness to travel up to 30% of the time.",
	"A PhD or equivalent industry experience.",
	"Hands-on experience with HPLC, ELISA or PCR.",
	"Confidence with Python, R or SAS.",
}

var benchBenefits = []string{
	"We offer a competitive salary, a yearly bonus and a generous pension.",
	"Flexible hours, hybrid working and 28 days of holiday.",
	"A learning budget and time for conferences every year.",
	"Private health insurance for you and your family.",
}

// benchRareWords appear in few jobs, for selective searches.
var benchRareWords = []string{"pharmacovigilance", "cryo-electron", "microfluidics", "pharmacokinetics", "lyophilisation",
	"radiopharmaceutical", "bioconjugation", "immunogenicity"}
