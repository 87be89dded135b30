// Calls the generated client the document does not allow; tsc must
// refuse this file (client_test.go), which shows that the types come from
// the document and are checked.
import createClient from "openapi-fetch";
import type { paths } from "./gen/schema.js";

const api = createClient<paths>({ baseUrl: "http://localhost" });
await api.POST("/api/v1/organisations", { body: { id: "x", name: "X", legal_staus: "ngo", country: "HR" } });
await api.GET("/api/v1/projects/{id}/reports/{report}", { params: { path: { id: "p", report: "financial.docx" } } });
