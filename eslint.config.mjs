import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The server/client line is enforced here: pages, components and route files (app/api, wiring
// only: lib/api/http.ts gets the database) reach data through lib/ services, actions and route
// modules, never through the database client or drizzle directly.
const noDatabaseInUi = {
  files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        paths: [
          { name: "drizzle-orm", message: "Call a service in lib/services instead." },
          { name: "postgres", message: "Call a service in lib/services instead." },
        ],
        patterns: [
          { group: ["drizzle-orm/*"], message: "Call a service in lib/services instead." },
          { group: ["@/lib/db", "@/lib/db/*"], message: "Call a service in lib/services instead." },
        ],
      },
    ],
  },
};

const config = [
  ...nextVitals,
  ...nextTypescript,
  noDatabaseInUi,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { ignores: [".next/**", "node_modules/**", ".data/**", "drizzle/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
