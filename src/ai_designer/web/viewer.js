// A tiny dependency-free WebGL viewer for STL meshes: flat shading, drag to turn, wheel to zoom.
// Why not three.js: the UI needs one lit mesh and an orbit, which fits in this file; no vendored megabytes.
"use strict";

function parseSTL(buffer) {
  const view = new DataView(buffer);
  const count = buffer.byteLength >= 84 ? view.getUint32(80, true) : 0;
  if (buffer.byteLength === 84 + count * 50 && count > 0) {  // binary
    const pos = new Float32Array(count * 9), nrm = new Float32Array(count * 9);
    for (let i = 0; i < count; i++) {
      const o = 84 + i * 50;
      for (let v = 0; v < 3; v++) {
        for (let k = 0; k < 3; k++) pos[i * 9 + v * 3 + k] = view.getFloat32(o + 12 + v * 12 + k * 4, true);
      }
      faceNormal(pos, nrm, i);
    }
    return { pos, nrm };
  }
  const text = new TextDecoder().decode(buffer);  // ASCII
  const nums = [...text.matchAll(/vertex\s+(\S+)\s+(\S+)\s+(\S+)/g)].flatMap(m => [+m[1], +m[2], +m[3]]);
  const pos = new Float32Array(nums), nrm = new Float32Array(nums.length);
  for (let i = 0; i < nums.length / 9; i++) faceNormal(pos, nrm, i);
  return { pos, nrm };
}

function faceNormal(pos, nrm, i) {
  const p = j => pos[i * 9 + j];
  const ux = p(3) - p(0), uy = p(4) - p(1), uz = p(5) - p(2), vx = p(6) - p(0), vy = p(7) - p(1), vz = p(8) - p(2);
  let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const len = Math.hypot(nx, ny, nz) || 1;
  nx /= len; ny /= len; nz /= len;
  for (let v = 0; v < 3; v++) { nrm[i * 9 + v * 3] = nx; nrm[i * 9 + v * 3 + 1] = ny; nrm[i * 9 + v * 3 + 2] = nz; }
}

const VS = `attribute vec3 p; attribute vec3 n; uniform mat4 m; uniform mat3 r; varying float l;
void main() { gl_Position = m * vec4(p, 1.0); vec3 q = normalize(r * n);
  l = 0.35 + 0.65 * max(dot(q, normalize(vec3(0.4, 0.5, 1.0))), 0.0) + 0.15 * max(-q.z, 0.0); }`;
const FS = `precision mediump float; varying float l; void main() { gl_FragColor = vec4(vec3(0.42, 0.58, 0.85) * l, 1.0); }`;

class STLViewer {
  constructor(canvas) {
    this.canvas = canvas;
    this.gl = canvas.getContext("webgl", { antialias: true, preserveDrawingBuffer: true });
    this.yaw = -0.6; this.pitch = -1.0; this.zoom = 1.0; this.count = 0;
    if (!this.gl) return;
    const gl = this.gl, prog = gl.createProgram();
    for (const [type, src] of [[gl.VERTEX_SHADER, VS], [gl.FRAGMENT_SHADER, FS]]) {
      const s = gl.createShader(type); gl.shaderSource(s, src); gl.compileShader(s); gl.attachShader(prog, s);
    }
    gl.linkProgram(prog); gl.useProgram(prog);
    this.prog = prog;
    this.loc = { p: gl.getAttribLocation(prog, "p"), n: gl.getAttribLocation(prog, "n"),
                 m: gl.getUniformLocation(prog, "m"), r: gl.getUniformLocation(prog, "r") };
    let drag = null;
    canvas.addEventListener("pointerdown", e => { drag = [e.clientX, e.clientY]; canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener("pointerup", () => { drag = null; });
    canvas.addEventListener("pointermove", e => {
      if (!drag) return;
      this.yaw += (e.clientX - drag[0]) * 0.01; this.pitch += (e.clientY - drag[1]) * 0.01;
      drag = [e.clientX, e.clientY]; this.draw();
    });
    canvas.addEventListener("wheel", e => { e.preventDefault(); this.zoom *= Math.exp(-e.deltaY * 0.001); this.draw(); },
                            { passive: false });
  }

  get available() { return Boolean(this.gl); }

  load(buffer) {
    if (!this.gl) return false;
    const { pos, nrm } = parseSTL(buffer);
    if (!pos.length) return false;
    const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < pos.length; i += 3) for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], pos[i + k]); hi[k] = Math.max(hi[k], pos[i + k]);
    }
    this.center = lo.map((v, k) => (v + hi[k]) / 2);
    this.radius = Math.max(Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) / 2, 1e-6);
    const gl = this.gl;
    for (const [data, at] of [[pos, this.loc.p], [nrm, this.loc.n]]) {
      const buf = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, buf);
      gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
      gl.enableVertexAttribArray(at); gl.vertexAttribPointer(at, 3, gl.FLOAT, false, 0, 0);
    }
    this.count = pos.length / 3;
    this.draw();
    return true;
  }

  draw() {
    const gl = this.gl;
    if (!gl || !this.count) return;
    const cy = Math.cos(this.yaw), sy = Math.sin(this.yaw), cp = Math.cos(this.pitch), sp = Math.sin(this.pitch);
    // rotation: about Z (yaw) then X (pitch); column-major for WebGL
    const r = [cy, sy * cp, sy * sp, -sy, cy * cp, cy * sp, 0, -sp, cp];
    const s = this.zoom / this.radius, aspect = this.canvas.width / this.canvas.height;
    const [cx, cyy, cz] = this.center;
    const m = new Float32Array(16);
    for (let col = 0; col < 3; col++) {
      m[col * 4] = r[col * 3] * s / aspect; m[col * 4 + 1] = r[col * 3 + 1] * s; m[col * 4 + 2] = -r[col * 3 + 2] * s * 0.5;
    }
    const t = [0, 1, 2].map(row => -(r[row] * cx + r[3 + row] * cyy + r[6 + row] * cz) * s);
    m[12] = t[0] / aspect; m[13] = t[1]; m[14] = -t[2] * 0.5; m[15] = 1;
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(0.93, 0.945, 0.96, 1); gl.enable(gl.DEPTH_TEST);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    gl.uniformMatrix4fv(this.loc.m, false, m);
    gl.uniformMatrix3fv(this.loc.r, false, new Float32Array(r));
    gl.drawArrays(gl.TRIANGLES, 0, this.count);
  }
}
window.STLViewer = STLViewer;
