// The newcomer's flow through a client generated from the served
// OpenAPI document: openapi-typescript turns /api/v1/openapi.json into
// gen/schema.d.ts (paths and components), openapi-fetch calls the API
// with those types, and tsc checks every call, path, parameter and body
// below against them before node runs it. client_test.go starts the
// server, generates, compiles and runs this file.
import createClient from "openapi-fetch";
import type { components, paths } from "./gen/schema.js";

type Money = components["schemas"]["Money"];

const baseUrl = process.env.SOCIALSVC_URL;
const token = process.env.SOCIALSVC_TOKEN;
if (!baseUrl || !token) {
  throw new Error("SOCIALSVC_URL and SOCIALSVC_TOKEN must be set");
}
const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

// expect returns the body of an answer with the status wanted, and fails
// with the problem document otherwise.
function expect<T>(what: string, status: number, r: { data?: T; error?: unknown; response: Response }): T {
  if (r.response.status !== status) {
    throw new Error(`${what}: status ${r.response.status}, want ${status}: ${JSON.stringify(r.error)}`);
  }
  if (r.data === undefined) {
    throw new Error(`${what}: no body`);
  }
  return r.data;
}

function equal(what: string, got: unknown, want: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

const eur = (amount: string): Money => ({ amount, currency: "EUR" });
const project = "most-zajednice";

// An organisation, and a second one that joins as partner.
const lead = expect("create the lead organisation", 201, await api.POST("/api/v1/organisations", {
  body: { id: "udruga-most", name: "Udruga Most", legal_status: "ngo", country: "HR", tax_id: "69483227195", city: "Split" },
}));
equal("organisation version", lead.version, 1);
expect("create the partner organisation", 201, await api.POST("/api/v1/organisations", {
  body: { id: "grad-split", name: "Grad Split", legal_status: "public_body", country: "HR" },
}));
expect("create the fund", 201, await api.POST("/api/v1/funds", {
  body: { id: "esf-plus", code: "ESF+", name: { en: "European Social Fund Plus" }, kind: "eu", max_rate_percent: "85" },
}));

// The project with its reporting periods.
const prj = expect("create the project", 201, await api.POST("/api/v1/projects", {
  body: {
    id: project, acronym: "MOST", title: { hr: "Most zajednice", en: "Community bridge" }, programme: "ESF+ 2021-2027",
    start: "2024-01-01", end: "2025-12-31",
    periods: [{ number: 1, start: "2024-01-01", end: "2024-12-31" }, { number: 2, start: "2025-01-01", end: "2025-12-31" }],
  },
}));
equal("project status", prj.status, "draft");
equal("project currency", prj.currency, "EUR");

// Partners, co-financed at 85% by the fund.
const partners = [
  { id: "most-lp", org_id: "udruga-most", role: "lead" as const, number: 1 },
  { id: "most-pp2", org_id: "grad-split", role: "partner" as const, number: 2 },
];
for (const p of partners) {
  expect(`add partner ${p.id}`, 201, await api.POST("/api/v1/projects/{id}/partners", {
    params: { path: { id: project } },
    body: { ...p, funding: [{ fund_id: "esf-plus", rate_percent: "85" }] },
  }));
}

// The budget and the first expenditure.
expect("budget of the lead partner", 201, await api.POST("/api/v1/projects/{id}/budget-lines", {
  params: { path: { id: project } },
  body: { partner_id: "most-lp", category: "staff", period: 1, amount: eur("45000.00") },
}));
expect("budget of partner 2", 201, await api.POST("/api/v1/projects/{id}/budget-lines", {
  params: { path: { id: project } },
  body: { partner_id: "most-pp2", category: "staff", period: 1, amount: eur("12000.00") },
}));
const ex = expect("expenditure", 201, await api.POST("/api/v1/projects/{id}/expenditure", {
  params: { path: { id: project } },
  body: { partner_id: "most-lp", category: "staff", period: 1, date: "2024-03-31", amount: eur("3750.00"), description: "March salaries" },
}));
equal("expenditure converted by the server", ex.converted, eur("3750.00"));

// A CSV as Croatian Excel saves it: semicolons, decimal comma, D.M.YYYY.
const csv = "partner_id;category;period;date;amount;description\nmost-lp;staff;1;15.04.2024.;1.234,56;Travanj\n";
const imported = expect("import expenditure CSV", 201, await api.POST("/api/v1/projects/{id}/imports/expenditure", {
  params: { path: { id: project } },
  body: csv,
  bodySerializer: (b: unknown) => b as string,
  headers: { "Content-Type": "text/csv" },
}));
equal("imported rows", imported, { kind: "expenditure", imported: 1 });

// The co-financing table, typed, and the financial report.
const funding = expect("funding", 200, await api.GET("/api/v1/projects/{id}/funding", { params: { path: { id: project } } }));
equal("total budget", funding.total, eur("57000.00"));
equal("own contribution", funding.own_contribution, eur("8550.00"));
equal("fund total", funding.funds, [{ fund_id: "esf-plus", amount: eur("48450.00") }]);

const report = expect("financial report", 200, await api.GET("/api/v1/projects/{id}/reports/{report}", {
  params: { path: { id: project, report: "financial.json" } },
}));
if (typeof report === "string") {
  throw new Error("financial.json came back as text");
}
const total = (report as { total?: { budget?: Money; spent?: Money } }).total;
equal("report kind", report.kind, "financial");
equal("report budget", total?.budget, eur("57000.00"));
equal("report spent", total?.spent, eur("4984.56"));

const csvReport = await api.GET("/api/v1/projects/{id}/reports/{report}", {
  params: { path: { id: project, report: "financial.csv" } },
  parseAs: "text",
});
equal("CSV report status", csvReport.response.status, 200);
if (typeof csvReport.data !== "string" || !csvReport.data.includes("4984.56")) {
  throw new Error(`the CSV report lacks the spent total: ${String(csvReport.data).slice(0, 300)}`);
}

// A refused request comes back as a typed problem document.
const bad = await api.POST("/api/v1/projects/{id}/expenditure", {
  params: { path: { id: project } },
  body: { partner_id: "most-lp", category: "staff", period: 1, date: "2024-03-31", amount: eur("10.001") },
});
equal("refused status", bad.response.status, 400);
equal("refused code", bad.error?.code, "invalid");

console.log(JSON.stringify({ ok: true, organisation: lead.id, project: prj.id, spent: total?.spent }));
