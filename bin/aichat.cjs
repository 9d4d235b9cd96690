#!/usr/bin/env node
'use strict';
// CommonJS, so that aichat starts without Node's ES module loader (see src/launch.ts).
const path = require('node:path');

void require('../dist/launch.cjs').launch(path.join(__dirname, '..', 'dist'));
