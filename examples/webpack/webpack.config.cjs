// webpack 5 needs nothing for consent-sieve itself: new URL("./…", import.meta.url) assets (the .wasm)
// and import() chunks (one per language) are built in. The template puts the config and the early
// layer first in <head>, inline, read from the installed package.
const { readFileSync } = require("node:fs");
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const config = readFileSync(path.join(__dirname, "consent-sieve.json"), "utf8");
const early = readFileSync(require.resolve("consent-sieve/early.js"), "utf8");

module.exports = {
  entry: "./src/main.js",
  output: { path: path.join(__dirname, "dist"), filename: "[name].[contenthash].js", clean: true },
  plugins: [
    new HtmlWebpackPlugin({
      template: "./index.html",
      templateParameters: { config: JSON.stringify(JSON.parse(config)).replace(/</g, "\\u003c"), early },
      inject: "body",
    }),
  ],
};
