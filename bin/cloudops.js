#!/usr/bin/env node
import { hi } from '../src/hello.ts';

console.log(hi(1), process.version);
