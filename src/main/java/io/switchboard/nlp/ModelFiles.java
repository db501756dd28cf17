package io.switchboard.nlp;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.BinaryFileDataReader;
import opennlp.tools.ml.model.GenericModelReader;

/**
 * Reads the maxent model inside an OpenNLP model file (a zip) with OpenNLP's own reader, but
 * buffered: OpenNLP's model classes read each weight straight from the zip stream, one inflater
 * call per number, which makes loading the language model take seconds. The taggers only need
 * the weights, not the rest of the model package.
 */
final class ModelFiles {
  private ModelFiles() {}

  /** The maxent model stored under {@code entry} ("langdetect.model", "doccat.model"). */
  static AbstractModel readMaxent(InputStream modelFile, String entry) throws IOException {
    ZipInputStream zip = new ZipInputStream(new BufferedInputStream(modelFile, 1 << 16));
    ZipEntry e;
    while ((e = zip.getNextEntry()) != null) {
      if (e.getName().equals(entry)) {
        DataInputStream data = new DataInputStream(new BufferedInputStream(zip, 1 << 16));
        return new GenericModelReader(new BinaryFileDataReader(data)).getModel();
      }
    }
    throw new IOException("no " + entry + " in the model file");
  }
}
