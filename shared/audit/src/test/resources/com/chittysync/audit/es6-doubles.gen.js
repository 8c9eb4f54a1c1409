// Regenerates es6-doubles.csv: "<IEEE-754 bits as hex>,<Number.prototype.toString()>" for a
// seeded mix of random bit patterns, short decimals and scaled integers. Run: node es6-doubles.gen.js
// > es6-doubles.csv  (the expected column comes from the JavaScript engine itself).
const n = 10000;
let s = 0x9e3779b97f4a7c15n;
function next() {
  s ^= (s << 13n) & 0xffffffffffffffffn;
  s ^= s >> 7n;
  s ^= (s << 17n) & 0xffffffffffffffffn;
  return s;
}
const buf = new DataView(new ArrayBuffer(8));
const out = ["hex-ieee,expected"];
while (out.length <= n) {
  const mode = Number(next() & 3n);
  let d;
  if (mode <= 1) {
    buf.setBigUint64(0, next());
    d = buf.getFloat64(0);
  } else if (mode === 2) {
    d = Number(next() % 100000000n) / Math.pow(10, Number(next() % 12n));
  } else {
    d = Number(next() % 2000000000000000000n) * Math.pow(2, Number(next() % 120n) - 60);
  }
  if (!isFinite(d)) continue;
  buf.setFloat64(0, d);
  out.push(buf.getBigUint64(0).toString(16) + "," + (Object.is(d, -0) ? "0" : d.toString()));
}
console.log(out.join("\n"));
