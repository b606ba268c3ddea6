// The 3-D view: three.js with OrbitControls on the part's STL (vendored from npm, see web/package.json).
// Why three.js and not a hand-written WebGL viewer: orbit, pan, wheel and pinch zoom on touch screens, framing and
// lighting come with a maintained library; the page only loads a mesh and frames it.
import * as THREE from "three";
import { OrbitControls } from "/ui/vendor/three/OrbitControls.js";
import { STLLoader } from "/ui/vendor/three/STLLoader.js";

export class ModelViewer {
  constructor(container) {
    this.container = container;
    this.available = false;
    try {
      this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    } catch (err) {
      return;  // no WebGL: the page falls back to the preview image
    }
    this.available = true;
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.setClearColor(0xeef1f5);
    container.append(this.renderer.domElement);
    this.scene = new THREE.Scene();
    this.camera = new THREE.PerspectiveCamera(35, 4 / 3, 0.1, 100000);
    this.camera.up.set(0, 0, 1);  // FreeCAD's Z is up
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x8090a0, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(1, -1.5, 2);
    this.camera.add(sun);
    this.scene.add(this.camera);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.enableDamping = false;
    this.controls.screenSpacePanning = true;
    this.controls.addEventListener("change", () => this.draw());
    this.renderer.domElement.style.touchAction = "none";  // pinch zooms the model, not the page
    new ResizeObserver(() => this.resize()).observe(container);
    this.resize();
  }

  resize() {
    if (!this.available) return;
    const width = this.container.clientWidth || 480;
    const height = Math.round(width * 3 / 4);
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.draw();
  }

  load(buffer) {
    if (!this.available) return false;
    const geometry = new STLLoader().parse(buffer);
    if (!geometry.attributes.position || !geometry.attributes.position.count) return false;
    geometry.computeVertexNormals();
    if (this.mesh) { this.scene.remove(this.mesh); this.mesh.geometry.dispose(); }
    const material = new THREE.MeshStandardMaterial({ color: 0x6b94d9, metalness: 0.1, roughness: 0.6 });
    this.mesh = new THREE.Mesh(geometry, material);
    this.scene.add(this.mesh);
    geometry.computeBoundingBox();
    this.box = geometry.boundingBox.clone();
    if (!this.framed) { this.reset(); this.framed = true; } else { this.draw(); }
    return true;
  }

  // A second version drawn see-through in orange over the first, to compare them in place.
  ghost(buffer) {
    this.clearGhost();
    if (!this.available) return false;
    const geometry = new STLLoader().parse(buffer);
    const material = new THREE.MeshBasicMaterial({ color: 0xf97316, transparent: true, opacity: 0.35,
                                                   depthWrite: false });
    this.ghostMesh = new THREE.Mesh(geometry, material);
    this.scene.add(this.ghostMesh);
    this.fit();
    return true;
  }

  clearGhost() {
    if (!this.ghostMesh) return;
    this.scene.remove(this.ghostMesh);
    this.ghostMesh.geometry.dispose();
    this.ghostMesh = null;
    this.draw();
  }

  bounds() {
    const box = this.box.clone();
    if (this.ghostMesh) { this.ghostMesh.geometry.computeBoundingBox(); box.union(this.ghostMesh.geometry.boundingBox); }
    return box;
  }

  size() {
    if (!this.box) return null;
    const s = new THREE.Vector3();
    this.box.getSize(s);
    return [s.x, s.y, s.z];
  }

  // Keep the viewing direction, move the camera so the whole part fills the view.
  fit() {
    if (!this.box) return;
    const center = new THREE.Vector3(), sphere = new THREE.Sphere(), box = this.bounds();
    box.getCenter(center);
    box.getBoundingSphere(sphere);
    const dir = new THREE.Vector3().subVectors(this.camera.position, this.controls.target);
    if (dir.lengthSq() < 1e-9) dir.set(1, -1.4, 1);
    const fov = THREE.MathUtils.degToRad(this.camera.fov) / 2;
    const distance = sphere.radius / Math.sin(Math.min(fov, fov * this.camera.aspect)) * 1.05;
    this.controls.target.copy(center);
    this.camera.position.copy(center).add(dir.normalize().multiplyScalar(distance));
    this.camera.near = distance / 100;
    this.camera.far = distance * 100;
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.draw();
  }

  // The standard isometric-like view, then fit.
  reset() {
    if (!this.box) return;
    this.camera.position.set(1, -1.4, 1);
    this.controls.target.set(0, 0, 0);
    this.fit();
  }

  draw() {
    if (this.available) this.renderer.render(this.scene, this.camera);
  }
}
