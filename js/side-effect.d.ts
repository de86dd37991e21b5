// early.js and auto.js are side-effect scripts: they export nothing.
export {};
