import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "**/.gen/", ".vitest-report/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@cdktf/provider-[a-z-]+$",
              message:
                "Import provider classes by deep path (@cdktf/provider-x/lib/<resource>): the barrel costs seconds and ~1 GB per synth.",
            },
          ],
        },
      ],
    },
  },
);
