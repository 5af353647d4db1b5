import js from "@eslint/js";
import tseslint from "typescript-eslint";

const providerBarrel = {
  regex: "^@cdktf/provider-[a-z-]+$",
  message:
    "Import provider classes by deep path (@cdktf/provider-x/lib/<resource>): the barrel costs seconds and ~1 GB per synth.",
};

const relativeJs = (folders) => ({
  regex: "^\\.{1,2}/(?!.*\\.js$)",
  message: `Relative imports in ${folders} end in .js (Node ESM resolves no extensions).`,
});

const libraryInternals = {
  regex: "(^|/)_internal(/|$)",
  message:
    "constructs/_internal/ is the library's own: import what it exports from constructs/index.js (or aws.js).",
};

/** What every file outside constructs/ may not import; every relative specifier names a .js file, as in the library. */
const OUTSIDE_THE_LIBRARY = [providerBarrel, libraryInternals, relativeJs("this repository")];

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
          patterns: OUTSIDE_THE_LIBRARY,
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
            relativeJs("the library"),
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
