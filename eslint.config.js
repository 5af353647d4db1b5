import js from "@eslint/js";
import tseslint from "typescript-eslint";

const providerBarrel = {
  regex: "^@cdktf/provider-[a-z-]+$",
  message:
    "Import provider classes by deep path (@cdktf/provider-x/lib/<resource>): the barrel costs seconds and ~1 GB per synth.",
};

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "**/.gen/", ".vitest-report/", "**/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [providerBarrel],
        },
      ],
    },
  },
  {
    // The library is published as ESM that Node runs as is: every specifier names a file.
    files: ["constructs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            providerBarrel,
            {
              regex: "^\\.{1,2}/(?!.*\\.js$)",
              message:
                "Relative imports in constructs/ end in .js (Node ESM resolves no extensions).",
            },
            {
              regex: "^@cdktf/provider-[a-z-]+/lib/(?!.*/index\\.js$)",
              message:
                "The provider packages have no exports map: import @cdktf/provider-x/lib/<resource>/index.js.",
            },
          ],
        },
      ],
    },
  },
);
